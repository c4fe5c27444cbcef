package org.oncotwin.fhir;

import io.micrometer.core.instrument.MeterRegistry;
import javax.net.ssl.SSLContext;
import io.micrometer.core.instrument.Timer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreProperties.FhirAuth;
import org.springframework.stereotype.Component;
import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.Bundle;
import java.time.Clock;

/** One FHIR client per centre, built on first use and reused. */
@Component
public class CentreClients {

    /**
     * For searches and history reads whose answer must be current: FHIR servers (HAPI by default for a minute) may
     * otherwise answer a repeated search from a cached result.
     */
    public static final CacheControlDirective FRESH = new CacheControlDirective().setNoCache(true);

    private final FhirContext fhirContext;
    private final CentreDirectory directory;
    private final CentreProperties properties;
    private final Map<String, IGenericClient> clients = new ConcurrentHashMap<>();
    private final Map<String, OAuth2ClientCredentials> tokens = new ConcurrentHashMap<>();
    private final Map<String, java.net.http.HttpClient> httpClients = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    private final FhirProperties fhirProperties;
    private final Clock clock;

    CentreClients(FhirContext fhirContext, CentreDirectory directory, CentreProperties properties,
                  MeterRegistry meters, FhirProperties fhirProperties, Clock clock) {
        this.fhirContext = fhirContext;
        this.directory = directory;
        this.properties = properties;
        this.meters = meters;
        this.fhirProperties = fhirProperties;
        this.clock = clock;
    }

    /**
     * Calls a centre's FHIR server; any failure becomes a {@link CentreCallException} naming the centre.
     *
     * @param what what the call does, for the error message, e.g. "read Task/12"
     */
    public <T> T call(String centreId, String what, Function<IGenericClient, T> call) {
        IGenericClient client = forCentre(centreId);
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            T result = call.apply(client);
            outcome = "success";
            return result;
        } catch (BaseServerResponseException e) { // includes FhirClientConnectionException (no answer)
            Centre centre = directory.require(centreId);
            throw new CentreCallException(centre.id(), centre.name(), what, e);
        } catch (DataFormatException | ClassCastException e) {
            Centre centre = directory.require(centreId);
            throw new CentreCallException(centre.id(), centre.name(), what, new FhirResponseException(centreId,
                    "answered with something that is not the FHIR resource expected: " + e.getMessage()));
        } finally {
            sample.stop(Timer.builder("oncotwin.fhir.calls").description("FHIR calls to the centres")
                    .tag("centre", centreId).tag("outcome", outcome).publishPercentileHistogram()
                    .register(meters));
        }
    }

    /**
     * The next page of a search at a centre, or null after the last. A {@code next} link is followed only within the
     * centre's own base URL: a server (or someone in between) must not send OncoTwin's credentials elsewhere.
     */
    public Bundle nextPage(String centreId, String what, Bundle page) {
        if (page.getLink(Bundle.LINK_NEXT) == null) {
            return null;
        }
        String next = page.getLink(Bundle.LINK_NEXT).getUrl();
        requireWithinBase(centreId, what, next, "a next-page link");
        return call(centreId, what, client -> client.loadPage().next(page).execute());
    }

    /** The centre's FHIR base URL, without a trailing slash. */
    public String baseUrl(String centreId) {
        return directory.require(centreId).fhirBaseUrl().replaceAll("/+$", "");
    }

    /** A failure of a call to a centre that answered something unusable, naming the centre. */
    public CentreCallException failure(String centreId, String what, RuntimeException cause) {
        Centre centre = directory.require(centreId);
        return new CentreCallException(centre.id(), centre.name(), what, cause);
    }

    /** Whether the URL lies within the centre's own base URL (only there go OncoTwin's credentials). */
    public boolean isWithinBase(String centreId, String url) {
        String base = directory.require(centreId).fhirBaseUrl().replaceAll("/+$", "");
        return url != null && (url.startsWith(base + "/") || url.startsWith(base + "?"));
    }

    private void requireWithinBase(String centreId, String what, String url, String kind) {
        if (!isWithinBase(centreId, url)) {
            Centre centre = directory.require(centreId);
            throw new CentreCallException(centre.id(), centre.name(), what, new FhirResponseException(centreId,
                    "sent " + kind + " outside its base URL (" + url + "); not followed"));
        }
    }

    /**
     * A plain HTTP exchange with a centre, for what is not a FHIR resource (FHIR Bulk Data: kick-off, status, the
     * files), with the centre's TLS setup and credentials, and only within the centre's base URL. A failure to connect
     * becomes a {@link CentreCallException}; any HTTP status is returned to the caller.
     *
     * @param body null for a request without body
     */
    public java.net.http.HttpResponse<String> exchange(String centreId, String what, String method, String url,
                                                       String body, Map<String, String> headers) {
        requireWithinBase(centreId, what, url, "a link");
        Centre centre = directory.require(centreId);
        var request = java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(fhirProperties.socketTimeout())
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        authorization(centre).ifPresent(value -> request.header("Authorization", value));
        try {
            return httpClients.computeIfAbsent(centre.id(), id -> plainHttp(centre)).send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new CentreCallException(centre.id(), centre.name(), what, new FhirResponseException(centreId,
                    "did not answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CentreCallException(centre.id(), centre.name(), what, new FhirResponseException(centreId,
                    "interrupted"));
        }
    }

    private java.net.http.HttpClient plainHttp(Centre centre) {
        var entry = properties.centres().get(centre.id());
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(fhirProperties.connectTimeout());
        if (entry.tls() != null) {
            http.sslContext(CentreTls.sslContext(centre.id(), entry.tls()));
        }
        return http.build();
    }

    private java.util.Optional<String> authorization(Centre centre) {
        FhirAuth auth = properties.centres().get(centre.id()).auth();
        return java.util.Optional.ofNullable(switch (auth.type()) {
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + auth.bearerToken();
            case OAUTH2 -> "Bearer " + tokens(centre).token();
            case NONE -> null;
        });
    }

    /**
     * Opens a websocket to a centre (its subscription channel, opened outbound by OncoTwin), with the centre's TLS
     * setup and credentials, as its FHIR calls have them.
     */
    public CompletableFuture<WebSocket> openWebSocket(String centreId, URI uri, WebSocket.Listener listener) {
        Centre centre = directory.require(centreId);
        var entry = properties.centres().get(centre.id());
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(fhirProperties.connectTimeout());
        if (entry.tls() != null) {
            http.sslContext(CentreTls.sslContext(centre.id(), entry.tls()));
        }
        var socket = http.build().newWebSocketBuilder().connectTimeout(fhirProperties.connectTimeout());
        authorization(centre).ifPresent(value -> socket.header("Authorization", value));
        return socket.buildAsync(uri, listener);
    }

    private OAuth2ClientCredentials tokens(Centre centre) {
        var entry = properties.centres().get(centre.id());
        SSLContext tls = entry.tls() == null ? null : CentreTls.sslContext(centre.id(), entry.tls());
        return tokens.computeIfAbsent(centre.id(), id -> new OAuth2ClientCredentials(id, entry.auth(),
                CentreTls.tokenClient(tls, fhirProperties), clock));
    }

    IGenericClient forCentre(String centreId) {
        Centre centre = directory.require(centreId);
        return clients.computeIfAbsent(centre.id(), id -> newClient(centre));
    }

    private IGenericClient newClient(Centre centre) {
        var entry = properties.centres().get(centre.id());
        SSLContext tls = entry.tls() == null ? null : CentreTls.sslContext(centre.id(), entry.tls());
        IGenericClient client = tls == null ? fhirContext.newRestfulGenericClient(centre.fhirBaseUrl())
                : CentreTls.clientFactory(fhirContext, fhirProperties, tls).newGenericClient(centre.fhirBaseUrl());
        FhirAuth auth = entry.auth();
        switch (auth.type()) {
            case BASIC -> client.registerInterceptor(new BasicAuthInterceptor(auth.username(), auth.password()));
            case BEARER -> client.registerInterceptor(new BearerTokenAuthInterceptor(auth.bearerToken()));
            case OAUTH2 -> client.registerInterceptor(tokens(centre));
            case NONE -> { }
        }
        return client;
    }
}
