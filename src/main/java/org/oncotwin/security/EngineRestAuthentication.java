package org.oncotwin.security;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Camunda's authentication of {@code /engine-rest}: the user and groups of a bearer token that Spring Security accepted
 * (single sign-on; the user need not exist in Camunda's tables), else the provider of the init parameter (HTTP basic
 * against Camunda's users). Without single sign-on there is never a bearer token, so this is Camunda's filter as is.
 */
class EngineRestAuthentication extends ProcessEngineAuthenticationFilter {

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        authenticationProvider = new BearerTokenUserOr(authenticationProvider);
    }

    private record BearerTokenUserOr(AuthenticationProvider otherwise) implements AuthenticationProvider {

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                var result = AuthenticationResult.successful(token.getName());
                result.setGroups(Groups.of(token));
                return result;
            }
            return otherwise.extractAuthenticatedUser(request, engine);
        }

        @Override
        public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
            otherwise.augmentResponseByAuthenticationChallenge(response, engine);
        }
    }
}
