package org.oncotwin.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * What single sign-on adds to OncoTwin's filter chains: the login at the hospital's provider for people, and the
 * provider's access tokens as bearer tokens for systems. Present only when configured ({@link OidcConfiguration}).
 */
class SingleSignOn {

    static final String REGISTRATION_ID = "oidc";
    /** Where a person's login at the provider starts. */
    static final String PROVIDER_LOGIN = "/oauth2/authorization/" + REGISTRATION_ID;

    private final ClientRegistrationRepository registrations;
    private final OidcLoginUsers people;
    private final JwtDecoder tokens;
    private final BearerTokenUsers systems;

    SingleSignOn(ClientRegistrationRepository registrations, OidcLoginUsers people, JwtDecoder tokens,
                 BearerTokenUsers systems) {
        this.registrations = registrations;
        this.people = people;
        this.tokens = tokens;
        this.systems = systems;
    }

    /**
     * The chain that hosts the login: its endpoints, and people who are not logged in go to the provider (after the
     * entry points the chain already has, e.g. 401 for the API). OncoTwin's login form stays at /login.
     */
    void hostLogin(HttpSecurity http) throws Exception {
        http.securityMatchers(matchers -> matchers.requestMatchers("/oauth2/**", "/login/oauth2/**"))
                .oauth2Login(login -> login.clientRegistrationRepository(registrations)
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(people)))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(PROVIDER_LOGIN), AnyRequestMatcher.INSTANCE));
    }

    /**
     * Accepts the provider's access tokens ({@code Authorization: Bearer}); a bad or expired token gets 401. Refusals
     * stay as without tokens (the error page, or the API's error body): Spring would otherwise answer every 403 of the
     * chain, token or not, with an empty body.
     */
    void acceptBearerTokens(HttpSecurity http) throws Exception {
        http.oauth2ResourceServer(server -> server.accessDeniedHandler(new AccessDeniedHandlerImpl())
                .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(systems)));
    }
}
