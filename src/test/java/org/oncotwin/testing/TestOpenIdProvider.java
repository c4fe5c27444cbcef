package org.oncotwin.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider in the test JVM (Spring Authorization Server) at {@code http://localhost:<free port>},
 * shared by the single sign-on tests. It logs people in with its own login form (authorization code flow) and gives
 * systems access tokens (client credentials); ID and access tokens carry {@code groups}, people's also
 * {@code preferred_username} (their {@code sub} is an opaque id, as at Keycloak). None of these users exists in
 * Camunda's tables. OncoTwin runs at 127.0.0.1 in the tests: another host than the provider's, so that the browser
 * keeps the two sessions apart, and a loopback address, which the provider accepts as redirect URI on any port.
 */
public final class TestOpenIdProvider implements AutoCloseable {

    public static final String CLIENT_ID = "oncotwin";
    public static final String CLIENT_SECRET = "oncotwin-test-secret";
    /** What OncoTwin requires in the {@code aud} of bearer tokens (as an audience mapper at Keycloak adds it). */
    public static final String AUDIENCE = "oncotwin-api";
    /** Password of every person. */
    public static final String PASSWORD = "sso-test-password";
    /** People, who log in with a browser, and their groups. */
    public static final Map<String, List<String>> PEOPLE = Map.of(
            "sso-physician", List.of("physicians-leipzig"),
            "sso-manager", List.of("managers"),
            "sso-operator", List.of("camunda-admin"));
    /** Systems, which call with access tokens of the client credentials grant, and their groups. */
    public static final Map<String, List<String>> SYSTEMS = Map.of(
            "sso-referral-system", List.of("coordinators"),
            "sso-reporting-system", List.of("managers"),
            "sso-leipzig-system", List.of("physicians-leipzig"),
            "sso-dresden-system", List.of("physicians-dresden"));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestOpenIdProvider shared;

    private final RSAKey signingKey;
    private final AnnotationConfigServletWebServerApplicationContext server;

    private TestOpenIdProvider() {
        signingKey = newKey("provider-key");
        server = new AnnotationConfigServletWebServerApplicationContext();
        server.getBeanFactory().registerSingleton("signingKey", signingKey);
        server.register(ProviderConfiguration.class);
        server.refresh();
    }

    public static synchronized TestOpenIdProvider get() {
        if (shared == null) {
            shared = new TestOpenIdProvider();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-openid-provider-shutdown"));
        }
        return shared;
    }

    public String issuer() {
        return "http://localhost:" + server.getWebServer().getPort();
    }

    /** Spring properties connecting OncoTwin to this provider. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("oncotwin.security.oidc.issuer-uri", issuer());
        properties.put("oncotwin.security.oidc.client-id", CLIENT_ID);
        properties.put("oncotwin.security.oidc.client-secret", CLIENT_SECRET);
        properties.put("oncotwin.security.oidc.audience", AUDIENCE);
        return properties;
    }

    /** An access token of a system, from the token endpoint (client credentials grant). */
    public String accessToken(String system) {
        String credentials = Base64.getEncoder().encodeToString((system + ":" + secretOf(system))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Token endpoint answered " + response.statusCode() + ": "
                        + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token with these claims signed with the provider's own key: for tokens it would not issue (expired, ...). */
    public String sign(JwtClaimsSet claims) {
        return sign(signingKey, claims);
    }

    /** A forgery: these claims signed with another key that claims to be the provider's. */
    public String forge(JwtClaimsSet claims) {
        return sign(newKey(signingKey.getKeyID()), claims);
    }

    private static String sign(RSAKey key, JwtClaimsSet claims) {
        JWKSource<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(key));
        var header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return new NimbusJwtEncoder(keys).encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    private static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** A system's client secret (the provider wants each secret unique). */
    static String secretOf(String system) {
        return system + "-secret";
    }

    /** The opaque {@code sub} of a person, as a provider like Keycloak gives it. */
    static String subjectOf(String person) {
        return "id-" + Integer.toHexString(person.hashCode());
    }

    /** A test configuration, so that OncoTwin's component scan leaves it out. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class ProviderConfiguration {

        @Bean
        TomcatServletWebServerFactory webServer() {
            var factory = new TomcatServletWebServerFactory(0);
            factory.getSession().getCookie().setName("PROVIDER_SESSION");
            // the provider's endpoints are filters, but Tomcat runs filters only for a request some servlet takes
            factory.setRegisterDefaultServlet(true);
            return factory;
        }

        @Bean
        DelegatingFilterProxyRegistrationBean securityFilters() {
            return new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        }

        @Bean
        @Order(1)
        SecurityFilterChain protocolEndpoints(HttpSecurity http) throws Exception {
            var authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
            return http
                    .securityMatcher(authorizationServer.getEndpointsMatcher())
                    .with(authorizationServer, server -> server.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                    // the user info endpoint takes the provider's access tokens
                    .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                    .build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
            return http
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService people() {
            var users = new InMemoryUserDetailsManager();
            PEOPLE.keySet().forEach(person -> users.createUser(User.withUsername(person)
                    .password("{noop}" + PASSWORD).roles("USER").build()));
            return users;
        }

        @Bean
        RegisteredClientRepository clients() {
            List<RegisteredClient> clients = new ArrayList<>();
            clients.add(RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    // a loopback redirect URI: the provider accepts it on any port
                    .redirectUri("http://127.0.0.1:8080/login/oauth2/code/oidc")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .build());
            SYSTEMS.keySet().forEach(system -> clients.add(RegisteredClient.withId(system).clientId(system)
                    .clientSecret("{noop}" + secretOf(system))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build()));
            return new InMemoryRegisteredClientRepository(clients);
        }

        /** Groups in ID and access tokens; people named by preferred_username; OncoTwin as audience of access tokens. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groupsAndUserNames() {
            return context -> {
                String name = context.getPrincipal().getName();
                if (PEOPLE.containsKey(name)) {
                    context.getClaims().subject(subjectOf(name)).claim("preferred_username", name)
                            .claim("groups", PEOPLE.get(name));
                } else {
                    context.getClaims().claim("groups", SYSTEMS.getOrDefault(name, List.of()));
                }
                if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    context.getClaims().audience(List.of(context.getRegisteredClient().getClientId(), AUDIENCE));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys(RSAKey signingKey) {
            return new ImmutableJWKSet<>(new JWKSet(signingKey));
        }

        @Bean
        JwtDecoder accessTokens(JWKSource<SecurityContext> jwkSource) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
