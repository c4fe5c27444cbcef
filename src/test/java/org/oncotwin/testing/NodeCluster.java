package org.oncotwin.testing;

import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestTemplate;

/**
 * OncoTwin nodes (processes of their own, see {@link OncoTwinNode}) on a fresh PostgreSQL database of their own and
 * the shared test centres; the database is dropped on close.
 */
public final class NodeCluster implements AutoCloseable {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final String database = "oncotwin_cluster_" + Long.toHexString(System.nanoTime());
    private final JdbcTemplate admin;
    private final JdbcTemplate jdbc;
    private final List<OncoTwinNode> nodes = new ArrayList<>();
    private final Path logs;

    public NodeCluster() throws Exception {
        admin = new JdbcTemplate(new DriverManagerDataSource(testDatabaseUrl(), user(), password()));
        admin.execute("create database " + database);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), user(), password()));
        logs = Files.createDirectories(Path.of("target", "nodes"));
    }

    /** The JDBC URL of this cluster's database. */
    public String url() {
        String url = testDatabaseUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Starts a node on the shared centres; {@code extra} adds or overrides Spring properties. */
    public OncoTwinNode start(String name, Map<String, String> extra) throws Exception {
        var properties = new LinkedHashMap<>(SharedCentres.properties());
        properties.putAll(extra);
        OncoTwinNode node = OncoTwinNode.start(name, url(), properties, logs.resolve(name + ".log"));
        nodes.add(node);
        return node;
    }

    /** SIGKILL, as when the machine dies. */
    public void kill(OncoTwinNode node) throws InterruptedException {
        node.kill();
        nodes.remove(node);
    }

    /** Deploys a model through the engine's REST API, as an operator would. */
    public void deploy(OncoTwinNode node, String fileName, String bpmn) {
        var body = new LinkedMultiValueMap<String, Object>();
        body.add("deployment-name", fileName);
        body.add("enable-duplicate-filtering", "true");
        body.add("data", new ByteArrayResource(bpmn.getBytes()) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        operator().postForEntity(node.baseUrl() + "/engine-rest/deployment/create", new HttpEntity<>(body, headers),
                String.class);
    }

    /** Starts a process for a new synthetic patient whose handover is written; returns the twin id. */
    public String startPathway(OncoTwinNode node, String processKey, String mrnPrefix) {
        String twin = UUID.randomUUID().toString();
        Map<String, Object> variables = new HashMap<>();
        Map.of(TWIN_ID, twin, PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana", PATIENT_BIRTH_DATE,
                "1961-04-23", PATIENT_GENDER, "female", PATIENT_MRN, mrnPrefix + "-" + twin.substring(0, 8),
                REFERRAL_REASON, "Cluster test", URGENCY, "routine", CLINICAL_SUMMARY, "Synthetic patient",
                RELEVANT_FINDINGS, "none").forEach((name, value) -> variables.put(name, Map.of("value", value,
                "type", "String")));
        operator().postForEntity(node.baseUrl() + "/engine-rest/process-definition/key/" + processKey + "/start",
                Map.of("businessKey", twin, "variables", variables), String.class);
        return twin;
    }

    /** The operator (camunda-admin) of the demo users. */
    public static RestTemplate operator() {
        var rest = new RestTemplate();
        rest.getInterceptors().add(new BasicAuthenticationInterceptor("admin", "demo"));
        return rest;
    }

    /** A FHIR client of a shared test centre, as the centre's own system would use it. */
    public static IGenericClient centre(String centreId) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return FHIR.newRestfulGenericClient(SharedCentres.baseUrl(centreId));
    }

    public static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + patience + " waiting for " + what);
            }
            Thread.sleep(300);
        }
    }

    @Override
    public void close() throws Exception {
        for (OncoTwinNode node : nodes) {
            node.close();
        }
        admin.execute("drop database if exists " + database + " with (force)");
    }

    private static String testDatabaseUrl() {
        return env("ONCOTWIN_TEST_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/oncotwin_test");
    }

    private static String user() {
        return env("ONCOTWIN_TEST_DATASOURCE_USERNAME", "postgres");
    }

    private static String password() {
        return env("ONCOTWIN_TEST_DATASOURCE_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
