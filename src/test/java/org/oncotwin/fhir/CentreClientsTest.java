package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;

/**
 * A centre's paging links and redirects are followed only within its own base URL: OncoTwin's credentials go nowhere
 * else.
 */
class CentreClientsTest {

    private static final String BASE = "http://127.0.0.1:9/fhir";

    private final CentreProperties properties = new CentreProperties("leipzig", Map.of("leipzig",
            new CentreProperties.CentreEntry("Leipzig University Hospital", BASE, "DE", null, null, Map.of(), null, null, null)));
    private final CentreClients clients = new CentreClients(FhirContext.forR4Cached(),
            new CentreDirectory(properties), properties, new SimpleMeterRegistry(),
            new FhirProperties(Duration.ofMillis(200), Duration.ofMillis(200), 2, 2), Clock.systemUTC());

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() {
        for (String elsewhere : new String[] {"https://collector.example/fhir?_getpages=1",
                "http://127.0.0.1:9/fhir-other?page=2", "http://127.0.0.1:9/fhirx/Task?page=2"}) {
            assertThatThrownBy(() -> clients.nextPage("leipzig", "poll", pageWithNext(elsewhere)))
                    .as(elsewhere).isInstanceOf(CentreCallException.class)
                    .hasMessageContaining("outside its base URL");
        }
    }

    @Test
    void aNextLinkWithinTheCentreIsFollowedAndTheLastPageEndsPaging() {
        // nothing listens on port 9: the call is made (and fails to connect), it is not refused
        assertThatThrownBy(() -> clients.nextPage("leipzig", "poll", pageWithNext(BASE + "?_getpages=abc&_page=2")))
                .isInstanceOf(CentreCallException.class).hasMessageNotContaining("outside its base URL");
        assertThat(clients.nextPage("leipzig", "poll", new Bundle())).isNull();
    }

    @Test
    void aRedirectIsNotFollowedSoTheCentresCredentialsStayWithTheCentre() throws IOException {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        HttpServer collector = server(exchange -> {
            elsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
        });
        HttpServer centre = server(exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + collector.getAddress().getPort()
                    + "/fhir/metadata");
            exchange.sendResponseHeaders(302, -1);
        });
        try {
            String base = "http://127.0.0.1:" + centre.getAddress().getPort() + "/fhir";
            var auth = new CentreProperties.FhirAuth(CentreProperties.FhirAuth.Type.BASIC, "oncotwin", "secret",
                    null, null, null, null, null);
            var redirecting = new CentreProperties("leipzig", Map.of("leipzig", new CentreProperties.CentreEntry(
                    "Leipzig University Hospital", base, "DE", auth, null, Map.of(), null, null, null)));
            var fhirContext = FhirContext.forR4();
            var properties = new FhirProperties(Duration.ofSeconds(2), Duration.ofSeconds(2), 2, 2);
            ((ApacheRestfulClientFactory) fhirContext.getRestfulClientFactory())
                    .setHttpClient(CentreTls.httpClient(properties, null));
            var centreClients = new CentreClients(fhirContext, new CentreDirectory(redirecting), redirecting,
                    new SimpleMeterRegistry(), properties, Clock.systemUTC());

            assertThatThrownBy(() -> centreClients.call("leipzig", "read capability statement",
                    client -> client.capabilities().ofType(CapabilityStatement.class).execute()))
                    .isInstanceOf(CentreCallException.class);
            assertThat(elsewhere).isEmpty();
        } finally {
            centre.stop(0);
            collector.stop(0);
        }
    }

    private static HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static Bundle pageWithNext(String url) {
        Bundle page = new Bundle();
        page.addLink().setRelation(Bundle.LINK_NEXT).setUrl(url);
        return page;
    }
}
