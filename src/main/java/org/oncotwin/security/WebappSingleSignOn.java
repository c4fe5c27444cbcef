package org.oncotwin.security;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Camunda's web apps (Tasklist, Cockpit, Admin) take the person Spring Security logged in (single sign-on, or
 * OncoTwin's login form) with the groups of that login, instead of Camunda's own login. Unlike Camunda's container
 * authentication this does not look the user up in Camunda's tables: people of the provider need not exist there.
 */
class WebappSingleSignOn extends ContainerBasedAuthenticationFilter {

    /**
     * Camunda's authentication cache would re-read the user from its tables after a while and, not finding a person of
     * the provider, log them out; the groups of the login hold for the session instead.
     */
    private static final Date NEVER = new Date(Long.MAX_VALUE);

    @Override
    public void init(FilterConfig config) {
        authenticationProvider = new SpringSecurityUser();
    }

    @Override
    protected UserAuthentication createAuthentication(ProcessEngine engine, String userId, List<String> groups,
                                                      List<String> tenants) {
        var user = new UserAuthentication(userId, engine.getName());
        user.setGroupIds(groups);
        user.setTenantIds(tenants != null ? tenants : AuthenticationUtil.getTenantsOfUser(engine, userId));
        user.setAuthorizedApps(appsOf(engine, userId, groups));
        user.setCacheValidationTime(NEVER);
        return user;
    }

    /** The web apps the user may open, as Camunda decides it at its own login. */
    private static Set<String> appsOf(ProcessEngine engine, String userId, List<String> groups) {
        Set<String> apps = new HashSet<>(Set.of(AuthenticationUtil.APP_WELCOME));
        AuthorizationService authorizations = engine.getAuthorizationService();
        for (String app : AuthenticationUtil.APPS) {
            if (!engine.getProcessEngineConfiguration().isAuthorizationEnabled()
                    || authorizations.isUserAuthorized(userId, groups, Permissions.ACCESS, Resources.APPLICATION, app)) {
                apps.add(app);
            }
        }
        return apps;
    }

    /** The user of this request's Spring Security login, with its groups; none answers 401. */
    private static class SpringSecurityUser implements AuthenticationProvider {

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            var login = SecurityContextHolder.getContext().getAuthentication();
            if (login == null || !login.isAuthenticated() || login instanceof AnonymousAuthenticationToken) {
                return AuthenticationResult.unsuccessful();
            }
            var result = AuthenticationResult.successful(login.getName());
            result.setGroups(Groups.of(login));
            return result;
        }

        @Override
        public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
            // no challenge: the web apps' pages were sent to the login by Spring Security already
        }
    }
}
