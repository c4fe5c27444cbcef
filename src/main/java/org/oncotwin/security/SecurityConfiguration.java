package org.oncotwin.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.plugin.AdministratorAuthorizationPlugin;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. Every endpoint requires authentication, except the health check:
 * <ul>
 *   <li>Camunda's web apps ({@code /camunda/**}) have their own login, session and CSRF protection;</li>
 *   <li>{@code /engine-rest/**} requires HTTP basic (Camunda's filter); Camunda's authorizations apply;</li>
 *   <li>{@code /api/**} requires HTTP basic against the same Camunda users; starting or changing a pathway is for
 *       coordinators; the API is stateless (no session cookie), so CSRF does not apply.</li>
 *   <li>OncoTwin's own pages (dashboard, twin) and the API they read log people in with a form and a session
 *       (CSRF-protected), or HTTP basic; the dashboard and its API are for managers. The research page is for
 *       researchers; its own calls to {@code /api/research/**} (marked {@code X-Requested-With: XMLHttpRequest},
 *       without an {@code Authorization} header) use the page's session and CSRF token, every other caller of the
 *       research API stays in the stateless API chain.</li>
 * </ul>
 * With single sign-on configured ({@link OidcConfiguration}) people log in at the hospital's OpenID provider instead,
 * Camunda's web apps take that login, and {@code /api} and {@code /engine-rest} also accept the provider's bearer
 * tokens; HTTP basic and the login form stay.
 */
@Configuration
class SecurityConfiguration {

    static final String ROLE_PREFIX = "GROUP_";
    /** How far a background import is: for coordinators, who import. */
    private static final String IMPORT_STATES = "/api/twins/*/records/imports/**";

    /**
     * Centres deliver rest-hook notifications here: machines, no logins or sessions; the endpoint checks the centre's
     * own notification secret (CentreNotificationController).
     */
    @Bean
    @Order(-1)
    SecurityFilterChain centreNotifications(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/centre-notifications/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(0)
    SecurityFilterChain pages(HttpSecurity http, CamundaUserAuthentication users, IdentityService identity,
                              ObjectProvider<SingleSignOn> singleSignOn) throws Exception {
        http
                .securityMatchers(matchers -> matchers
                        .requestMatchers("/login", "/logout", "/default-ui.css", "/dashboard", "/dashboard/**", "/api/dashboard/**",
                                "/research", "/research/**", "/twins/**", "/pathways/**", "/webjars/**", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html")
                        .requestMatchers(HttpMethod.GET, "/api/twins/**", "/api/pathways", "/api/pathways/*/overview")
                        .requestMatchers(SecurityConfiguration::researchPageCall))
                .authenticationProvider(users)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**", "/default-ui.css").permitAll()
                        .requestMatchers("/dashboard", "/dashboard/**", "/api/dashboard/**")
                        .hasAnyAuthority(ROLE_PREFIX + Groups.MANAGERS, ROLE_PREFIX + Groups.ADMINS)
                        .requestMatchers("/research", "/research/**", "/api/research/**")
                        .hasAuthority(ROLE_PREFIX + Groups.RESEARCHERS)
                        .requestMatchers(HttpMethod.GET, IMPORT_STATES).hasAuthority(ROLE_PREFIX + Groups.COORDINATORS)
                        .anyRequest().authenticated())
                // people are sent to the login form; the API answers 401 (the page's own calls without a prompt)
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                request -> "XMLHttpRequest".equals(request.getHeader("X-Requested-With")))
                        .defaultAuthenticationEntryPointFor(basicEntryPoint(),
                                request -> request.getServletPath().startsWith("/api/")))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .addFilterAfter(new CamundaAuthenticationForRequest(identity), BasicAuthenticationFilter.class);
        SingleSignOn configured = singleSignOn.getIfAvailable();
        if (configured != null) {
            configured.hostLogin(http);
            configured.acceptBearerTokens(http);
        }
        return http.build();
    }

    /**
     * A call of the research page to the research API: it carries the session cookie and a CSRF token, no
     * credentials of its own. Machines (basic or bearer) keep the stateless API chain, which needs no CSRF token.
     */
    static boolean researchPageCall(HttpServletRequest request) {
        return request.getServletPath().startsWith("/api/research/")
                && "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        var entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("OncoTwin");
        return entryPoint;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, CamundaUserAuthentication users, IdentityService identity,
                            ObjectProvider<SingleSignOn> singleSignOn) throws Exception {
        http
                .securityMatcher("/api/**")
                .authenticationProvider(users)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/research/**").hasAuthority(ROLE_PREFIX + Groups.RESEARCHERS)
                        // starts, withdrawals, holds, imports and consent withdrawals: coordinators only
                        .requestMatchers(HttpMethod.POST, "/api/pathways", "/api/pathways/**", "/api/twins/**")
                        .hasAuthority(ROLE_PREFIX + Groups.COORDINATORS)
                        .requestMatchers(HttpMethod.GET, IMPORT_STATES).hasAuthority(ROLE_PREFIX + Groups.COORDINATORS)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterAfter(new CamundaAuthenticationForRequest(identity), BasicAuthenticationFilter.class);
        SingleSignOn configured = singleSignOn.getIfAvailable();
        if (configured != null) {
            configured.acceptBearerTokens(http);
        }
        return http.build();
    }

    /** Camunda's web apps and engine REST bring their own authentication; the health check is public. */
    @Bean
    @Order(2)
    SecurityFilterChain rest(HttpSecurity http, SecurityProperties properties) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        // Camunda's setup wizard lets the first caller create an administrator: off unless enabled
                        .requestMatchers("/camunda/api/admin/setup/**").access(setupWizard(properties))
                        // error pages of the web apps' own 401s must not turn into a browser login prompt
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/camunda/**", "/engine-rest/**", "/", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/camunda/**", "/engine-rest/**"))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .build();
    }

    /** Requests of Camunda's setup wizard: allowed only while it is enabled. */
    static AuthorizationManager<RequestAuthorizationContext> setupWizard(SecurityProperties properties) {
        return (authentication, request) -> new AuthorizationDecision(properties.setupWizard());
    }

    @Bean
    FilterRegistrationBean<Filter> engineRestAuthentication() {
        var registration = new FilterRegistrationBean<Filter>(new EngineRestAuthentication());
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setName("camunda-engine-rest-authentication");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    /** After Camunda's authentication of the engine API (its own and the web apps'): who may write what. */
    @Bean
    FilterRegistrationBean<Filter> engineApiGuard(IdentityService identity, FormService forms,
            RepositoryService repository, FormFields formFields, ObjectMapper json,
            @Value("${oncotwin.api.max-request-size:1MB}") DataSize maxRequestSize) {
        var registration = new FilterRegistrationBean<Filter>(new EngineApiGuard(identity, forms, repository,
                formFields, json, maxRequestSize.toBytes()));
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setName("oncotwin-engine-api-guard");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    /** Members of camunda-admin may do everything in Camunda. */
    @Bean
    AdministratorAuthorizationPlugin administratorAuthorization() {
        var plugin = new AdministratorAuthorizationPlugin();
        plugin.setAdministratorGroupName(Groups.ADMINS);
        return plugin;
    }
}
