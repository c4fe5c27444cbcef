package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreProperties.FhirAuth;
import org.oncotwin.centre.CentreProperties.Tls;
import org.oncotwin.testing.centres.CentreGuard;
import org.oncotwin.testing.centres.CentreServer;

/**
 * Each way OncoTwin can authenticate to a centre, against a real HAPI FHIR server that demands it: none, HTTP basic,
 * a bearer token obtained by OAuth2 client credentials, and mutual TLS. Without the right credentials the centre
 * refuses, and OncoTwin's error names the centre.
 */
class CentreAuthenticationIT {

    static final String PASSWORD = "synthetic-store-password";
    static Path stores;
    static CentreGuard guard = new CentreGuard();
    static CentreServer centre;

    @BeforeAll
    static void startGuardedCentre() throws Exception {
        stores = Files.createTempDirectory("oncotwin-tls");
        keytool("-genkeypair", "-alias", "centre", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", "centre.p12");
        keytool("-genkeypair", "-alias", "oncotwin", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=oncotwin", "-keystore", "oncotwin.p12");
        keytool("-genkeypair", "-alias", "stranger", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=stranger", "-keystore", "stranger.p12");
        keytool("-exportcert", "-alias", "centre", "-keystore", "centre.p12", "-file", "centre.cer");
        keytool("-exportcert", "-alias", "oncotwin", "-keystore", "oncotwin.p12", "-file", "oncotwin.cer");
        keytool("-importcert", "-noprompt", "-alias", "centre", "-file", "centre.cer", "-keystore",
                "trusts-centre.p12");
        keytool("-importcert", "-noprompt", "-alias", "oncotwin", "-file", "oncotwin.cer", "-keystore",
                "trusts-oncotwin.p12");
        centre = CentreServer.startGuarded("guarded", guard, new CentreServer.TlsStores(
                stores.resolve("centre.p12"), stores.resolve("trusts-oncotwin.p12"), PASSWORD));
    }

    @AfterAll
    static void stopCentre() {
        if (centre != null) {
            centre.close();
        }
    }

    @Test
    void noCredentials() {
        guard.demand(CentreGuard.Demand.NOTHING);
        assertThat(writeAndSearch(clients(centre.baseUrl(), auth(FhirAuth.Type.NONE), null))).isEqualTo(1);
    }

    @Test
    void httpBasic() {
        guard.demand(CentreGuard.Demand.BASIC);
        var basic = new FhirAuth(FhirAuth.Type.BASIC, CentreGuard.USER, CentreGuard.PASSWORD, null, null, null, null,
                null);
        assertThat(writeAndSearch(clients(centre.baseUrl(), basic, null))).isEqualTo(1);

        var wrong = new FhirAuth(FhirAuth.Type.BASIC, CentreGuard.USER, "wrong", null, null, null, null, null);
        assertRefused(clients(centre.baseUrl(), wrong, null), "HTTP 401");
        assertRefused(clients(centre.baseUrl(), auth(FhirAuth.Type.NONE), null), "HTTP 401");
    }

    @Test
    void oauth2ClientCredentials() {
        guard.demand(CentreGuard.Demand.OAUTH2_BEARER);
        var oauth = new FhirAuth(FhirAuth.Type.OAUTH2, null, null, null, centre.tokenUrl(), CentreGuard.CLIENT_ID,
                CentreGuard.CLIENT_SECRET, "system/*.write");
        CentreClients clients = clients(centre.baseUrl(), oauth, null);
        int before = guard.tokenRequests();
        assertThat(writeAndSearch(clients)).isEqualTo(1);
        assertThat(writeAndSearch(clients)).isEqualTo(1);
        assertThat(guard.tokenRequests() - before).as("one token for many calls").isEqualTo(1);

        guard.revokeTokens(); // refused once, then a new token
        assertRefused(clients, "HTTP 401");
        assertThat(writeAndSearch(clients)).isEqualTo(1);
        assertThat(guard.tokenRequests() - before).isEqualTo(2);

        var wrongSecret = new FhirAuth(FhirAuth.Type.OAUTH2, null, null, null, centre.tokenUrl(),
                CentreGuard.CLIENT_ID, "wrong", null);
        assertRefused(clients(centre.baseUrl(), wrongSecret, null), "token endpoint answered HTTP 401");
    }

    @Test
    void mutualTls() {
        guard.demand(CentreGuard.Demand.NOTHING);
        var tls = new Tls(stores.resolve("oncotwin.p12").toString(), PASSWORD,
                stores.resolve("trusts-centre.p12").toString(), PASSWORD);
        assertThat(writeAndSearch(clients(centre.tlsBaseUrl(), auth(FhirAuth.Type.NONE), tls))).isEqualTo(1);

        var stranger = new Tls(stores.resolve("stranger.p12").toString(), PASSWORD,
                stores.resolve("trusts-centre.p12").toString(), PASSWORD);
        assertRefused(clients(centre.tlsBaseUrl(), auth(FhirAuth.Type.NONE), stranger), "guarded");
        var noCertificate = new Tls(null, null, stores.resolve("trusts-centre.p12").toString(), PASSWORD);
        assertRefused(clients(centre.tlsBaseUrl(), auth(FhirAuth.Type.NONE), noCertificate), "guarded");
    }

    /** Creates a Patient with a fresh identifier and finds it again; returns how many the search found. */
    private static int writeAndSearch(CentreClients clients) {
        String mrn = UUID.randomUUID().toString();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);
        clients.call("guarded", "create Patient", client -> client.create().resource(patient).execute());
        return clients.call("guarded", "search Patient", client -> client.search()
                .byUrl("Patient?identifier=urn:test:mrn|" + mrn).cacheControl(CentreClients.FRESH)
                .returnBundle(Bundle.class).execute()).getEntry().size();
    }

    private static void assertRefused(CentreClients clients, String reason) {
        assertThatThrownBy(() -> writeAndSearch(clients)).isInstanceOf(CentreCallException.class)
                .hasMessageContaining("guarded").hasMessageContaining(reason);
    }

    private static FhirAuth auth(FhirAuth.Type type) {
        return new FhirAuth(type, null, null, null, null, null, null, null);
    }

    private static CentreClients clients(String baseUrl, FhirAuth auth, Tls tls) {
        var entry = new CentreProperties.CentreEntry("Guarded Centre", baseUrl, "DE", auth, tls, Map.of(), null, null, null);
        var properties = new CentreProperties("guarded", Map.of("guarded", entry));
        var fhir = new FhirProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), 5, 10);
        FhirContext context = FhirContext.forR4Cached();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return new CentreClients(context, new CentreDirectory(properties), properties, new SimpleMeterRegistry(),
                fhir, Clock.systemUTC());
    }

    private static void keytool(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        if (!List.of(arguments).contains("-storepass")) {
            command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
        }
        Process process = new ProcessBuilder(command).directory(stores.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + ": " + output);
        }
    }
}
