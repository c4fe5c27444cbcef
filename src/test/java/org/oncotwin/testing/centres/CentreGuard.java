package org.oncotwin.testing.centres;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a guarded test centre demands of its callers: nothing, HTTP basic, or a bearer token it issued itself at
 * {@code /token} by the OAuth2 client credentials grant. (Mutual TLS is demanded by the centre's TLS connector.)
 */
public final class CentreGuard implements Filter {

    public enum Demand { NOTHING, BASIC, OAUTH2_BEARER }

    public static final String USER = "oncotwin";
    public static final String PASSWORD = "synthetic-centre-password";
    public static final String CLIENT_ID = "oncotwin-client";
    public static final String CLIENT_SECRET = "synthetic-client-secret";

    private volatile Demand demand = Demand.NOTHING;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();

    public void demand(Demand demand) {
        this.demand = demand;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Revokes every token issued: the next call with one is refused (401). */
    public void revokeTokens() {
        issued.clear();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        if (request.getRequestURI().endsWith("/token")) {
            issueToken(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        boolean allowed = switch (demand) {
            case NOTHING -> true;
            case BASIC -> ("Basic " + base64(USER + ":" + PASSWORD)).equals(authorization);
            case OAUTH2_BEARER -> authorization != null && authorization.startsWith("Bearer ")
                    && issued.contains(authorization.substring("Bearer ".length()));
        };
        if (!allowed) {
            response.setHeader("WWW-Authenticate", demand == Demand.BASIC ? "Basic realm=\"centre\"" : "Bearer");
            response.sendError(401);
            return;
        }
        chain.doFilter(req, res);
    }

    private void issueToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tokenRequests.incrementAndGet();
        boolean client = ("Basic " + base64(CLIENT_ID + ":" + CLIENT_SECRET)).equals(request.getHeader("Authorization"));
        if (!"POST".equals(request.getMethod()) || !client
                || !"client_credentials".equals(request.getParameter("grant_type"))) {
            response.sendError(401);
            return;
        }
        String token = UUID.randomUUID().toString();
        issued.add(token);
        response.setContentType("application/json");
        response.getWriter().write("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
