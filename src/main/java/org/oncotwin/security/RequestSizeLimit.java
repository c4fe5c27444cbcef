package org.oncotwin.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API requests (OncoTwin's, the engine's, the web apps' and the centres' notifications) whose body is larger
 * than {@code oncotwin.api.max-request-size} (default 1 MB) with 413 and a problem detail, before anything reads
 * them. No intake or notification needs more. Record imports ({@code POST /api/twins/{id}/records}) are read as a
 * stream and may be up to {@code oncotwin.api.max-import-size} (default 64 MB: some 10,000 resources).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private static final Pattern RECORD_IMPORT = Pattern.compile("/api/twins/[^/]+/records");

    private final long maxBytes;
    private final long maxImportBytes;

    RequestSizeLimit(@Value("${oncotwin.api.max-request-size:1MB}") DataSize maxRequestSize,
                     @Value("${oncotwin.api.max-import-size:64MB}") DataSize maxImportSize) {
        this.maxBytes = maxRequestSize.toBytes();
        this.maxImportBytes = maxImportSize.toBytes();
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
        boolean recordImport = "POST".equals(request.getMethod())
                && RECORD_IMPORT.matcher(request.getRequestURI()).matches();
        long limit = recordImport ? maxImportBytes : maxBytes;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,"
                    + "\"detail\":\"The request body is larger than " + limit + " bytes\",\"instance\":\""
                    + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
