package org.oncotwin.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API requests (OncoTwin's, the engine's, the web apps' and the centres' notifications) whose body is larger
 * than {@code oncotwin.api.max-request-size} (default 1 MB) with 413 and a problem detail, before anything reads
 * them. No intake, import or notification needs more.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimit(@Value("${oncotwin.api.max-request-size:1MB}")
                     DataSize maxRequestSize) {
        this.maxBytes = maxRequestSize.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !path.startsWith("/engine-rest/") && !path.startsWith("/camunda/api/")
                && !path.startsWith("/centre-notifications/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,"
                    + "\"detail\":\"The request body is larger than " + maxBytes + " bytes\",\"instance\":\""
                    + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
