package org.oncotwin.fhir;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.oncotwin.centre.CentreProperties.FhirAuth;
import java.io.IOException;
import java.util.Base64;

/**
 * Bearer tokens for a centre by the OAuth2 client credentials grant (RFC 6749, 4.4): fetched from the centre's token
 * endpoint on first use, kept until shortly before they expire, fetched again after the centre answers 401.
 */
final class OAuth2ClientCredentials implements IClientInterceptor {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String centreId;
    private final FhirAuth auth;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    OAuth2ClientCredentials(String centreId, FhirAuth auth, HttpClient http, Clock clock) {
        if (auth.tokenUrl() == null || auth.clientId() == null || auth.clientSecret() == null) {
            throw new IllegalStateException("Centre " + centreId + ": OAUTH2 needs token-url, client-id and "
                    + "client-secret");
        }
        this.centreId = centreId;
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        request.addHeader("Authorization", "Bearer " + token());
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        if (response.getStatus() == 401) {
            invalidate();
        }
    }

    synchronized String token() {
        if (token == null || clock.instant().isAfter(expiresAt.minus(RENEW_BEFORE_EXPIRY))) {
            fetch();
        }
        return token;
    }

    private synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (auth.scope() != null && !auth.scope().isBlank()) {
            form.put("scope", auth.scope());
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(auth.clientId(),
                StandardCharsets.UTF_8) + ":" + URLEncoder.encode(auth.clientSecret(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(auth.tokenUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new FhirClientConnectionException("OAuth2 token endpoint answered HTTP " + response.statusCode());
            }
            JsonNode answer = JSON.readTree(response.body());
            if (!answer.hasNonNull("access_token")) {
                throw new FhirClientConnectionException("OAuth2 token endpoint answered without access_token");
            }
            token = answer.get("access_token").asText();
            expiresAt = clock.instant().plusSeconds(answer.path("expires_in").asLong(300));
        } catch (IOException e) {
            throw new FhirClientConnectionException("OAuth2 token endpoint " + auth.tokenUrl() + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirClientConnectionException("interrupted while fetching a token", e);
        }
    }

    @Override
    public String toString() {
        return "OAuth2 client credentials of centre " + centreId;
    }
}
