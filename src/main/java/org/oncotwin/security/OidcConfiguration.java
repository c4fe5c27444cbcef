package org.oncotwin.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * Single sign-on with the hospital's OpenID Connect provider, when {@code oncotwin.security.oidc.issuer-uri} is set:
 * OncoTwin's pages and Camunda's web apps log people in at the provider, {@code /api} and {@code /engine-rest} accept
 * its access tokens. Users and their groups come from the tokens; they need not exist in Camunda's tables. Basic and
 * form login against Camunda's users stay as they are.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcConfiguration.IssuerConfigured.class)
class OidcConfiguration {

    private static final String CAMUNDA_CSRF_HEADER = "X-XSRF-TOKEN";
    /** Spring Security's filter chain runs at -100 (Boot's SecurityProperties.DEFAULT_FILTER_ORDER). */
    private static final int AFTER_SPRING_SECURITY = -99;

    @Bean
    SingleSignOn singleSignOn(OidcProperties properties) {
        var claims = new TokenClaims(properties);
        return new SingleSignOn(clientRegistrations(properties), new OidcLoginUsers(claims), tokens(properties),
                new BearerTokenUsers(claims));
    }

    private static ClientRegistrationRepository clientRegistrations(OidcProperties properties) {
        if (!StringUtils.hasText(properties.clientId()) || !StringUtils.hasText(properties.clientSecret())) {
            throw new IllegalStateException("Single sign-on needs OncoTwin's client at the provider: set "
                    + "ONCOTWIN_OIDC_CLIENT_ID and ONCOTWIN_OIDC_CLIENT_SECRET (or unset ONCOTWIN_OIDC_ISSUER_URI)");
        }
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(SingleSignOn.REGISTRATION_ID).clientName("single sign-on")
                .clientId(properties.clientId()).clientSecret(properties.clientSecret())
                .scope(properties.scopes()).userNameAttributeName(properties.userNameClaim()).build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** Checks signature (the provider's keys), issuer, expiry and, if configured, audience; reads the keys lazily. */
    private static JwtDecoder tokens(OidcProperties properties) {
        return new SupplierJwtDecoder(() -> {
            var decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(properties.issuerUri());
            if (StringUtils.hasText(properties.audience())) {
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefaultWithIssuer(properties.issuerUri()),
                        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                                audience -> audience != null && audience.contains(properties.audience()))));
            }
            return decoder;
        });
    }

    /**
     * Camunda's web apps: people not logged in go to the provider (their API calls get 401); Camunda's own CSRF
     * protection guards the web apps; Camunda's logout ends OncoTwin's session.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webapps(HttpSecurity http, SecurityProperties properties) throws Exception {
        return http
                .securityMatcher(path("/camunda/**"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(path("/camunda/api/admin/setup/**"))
                        .access(SecurityConfiguration.setupWizard(properties))
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                path("/camunda/api/**"))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint(SingleSignOn.PROVIDER_LOGIN),
                                AnyRequestMatcher.INSTANCE))
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout
                        // the web apps send their CSRF header, which no other site can: no forced logout
                        .logoutRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/camunda/api/admin/auth/user/*/logout"),
                                new RequestHeaderRequestMatcher(CAMUNDA_CSRF_HEADER)))
                        .logoutSuccessHandler((request, response, authentication) -> response.setStatus(200)))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .build();
    }

    /** Hands the logged-in person to Camunda's web apps, after Spring Security and before Camunda's own filters. */
    @Bean
    FilterRegistrationBean<Filter> webappSingleSignOn() {
        var registration = new FilterRegistrationBean<Filter>(new WebappSingleSignOn());
        registration.addUrlPatterns("/camunda/app/*", "/camunda/api/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setName("oncotwin-webapp-single-sign-on");
        registration.setOrder(AFTER_SPRING_SECURITY);
        return registration;
    }

    /** {@code /engine-rest}: a bearer token is checked here; Camunda's filter then takes its user, or HTTP basic. */
    @Bean
    @Order(1)
    SecurityFilterChain engineRestBearerTokens(HttpSecurity http, SingleSignOn singleSignOn) throws Exception {
        http.securityMatcher(path("/engine-rest/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        singleSignOn.acceptBearerTokens(http);
        return http.build();
    }

    /** Matches the path of the whole request: Camunda's web apps and engine REST API are servlets of their own. */
    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    static class IssuerConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("oncotwin.security.oidc.issuer-uri"));
        }
    }
}
