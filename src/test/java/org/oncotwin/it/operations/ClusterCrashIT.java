package org.oncotwin.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.ProcessKeys.*;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.benchmark.BenchmarkModels;
import org.oncotwin.benchmark.BenchmarkReport;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.testing.CentreSimulator;
import org.oncotwin.testing.OncoTwinNode;
import org.oncotwin.testing.SharedCentres;
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
 * Two OncoTwin nodes (separate processes) on one fresh PostgreSQL database, both running the job executor, work the
 * same pathways while the centres answer through FHIR; one node is killed with SIGKILL mid-run and started again.
 * Every pathway finishes exactly once and every centre holds each expected resource exactly once.
 */
class ClusterCrashIT {

    static final int PATHWAYS = Integer.getInteger("oncotwin.reliability.pathways", 60);
    static final int STEPS = 3;

    private final String database = "oncotwin_cluster_" + Long.toHexString(System.nanoTime());
    private JdbcTemplate admin;
    private JdbcTemplate cluster;
    private final List<OncoTwinNode> nodes = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        String url = env("ONCOTWIN_TEST_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/oncotwin_test");
        admin = new JdbcTemplate(new DriverManagerDataSource(url, user(), env("ONCOTWIN_TEST_DATASOURCE_PASSWORD", "")));
        admin.execute("create database " + database);
        cluster = new JdbcTemplate(new DriverManagerDataSource(clusterUrl(), user(),
                env("ONCOTWIN_TEST_DATASOURCE_PASSWORD", "")));
    }

    @AfterEach
    void stopNodesAndDropDatabase() throws Exception {
        for (OncoTwinNode node : nodes) {
            node.close();
        }
        admin.execute("drop database if exists " + database + " with (force)");
    }

    @Test
    void everyPathwayFinishesOnceDespiteAKilledNodeAndNothingIsDuplicatedAtTheCentres() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "nodes"));
        Map<String, String> centres = SharedCentres.properties();
        OncoTwinNode a = start("node-a", centres, logs);
        OncoTwinNode b = start("node-b", centres, logs);
        deploy(a);

        Instant started = Instant.now();
        List<String> twins = new ArrayList<>();
        long killedAtSteps;
        try (var simulator = new CentreSimulator(DemoCentresClients.all())) {
            for (int i = 0; i < PATHWAYS; i++) {
                twins.add(startPathway(i % 2 == 0 ? a : b, i));
            }
            await("a third of the steps done", Duration.ofMinutes(5), () -> finishedSteps() >= PATHWAYS * STEPS / 3);
            killedAtSteps = finishedSteps();
            a.kill();
            nodes.remove(a);
            Thread.sleep(3000);
            nodes.add(OncoTwinNode.start("node-a-restarted", clusterUrl(), centres, logs.resolve("node-a.log")));
            await("every pathway finished", Duration.ofMinutes(8), () -> finishedPathways() == PATHWAYS);
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

        assertThat(cluster.queryForObject("select count(*) from act_hi_procinst where proc_def_key_ = ? "
                + "and state_ = 'COMPLETED'", Long.class, BenchmarkModels.PATHWAY)).isEqualTo(PATHWAYS);
        assertThat(cluster.queryForList("select root_proc_inst_id_ from act_hi_procinst where proc_def_key_ = ? "
                + "group by root_proc_inst_id_ having count(*) <> ?", String.class, TREATMENT_STEP, STEPS))
                .as("pathways whose steps ran other than once each").isEmpty();
        assertThat(cluster.queryForObject("select count(*) from act_ru_incident", Long.class)).isZero();

        Map<String, Long> duplicates = new HashMap<>();
        Map<String, Long> written = new HashMap<>();
        for (String centre : List.of("leipzig", "dresden", "prague")) {
            for (String type : List.of("Patient", "CarePlan", "ServiceRequest", "Task", "Communication")) {
                Map<String, Long> byIdentifier = identifiersAt(centre, type, twins);
                written.merge(type, byIdentifier.values().stream().mapToLong(Long::longValue).sum(), Long::sum);
                byIdentifier.forEach((identifier, count) -> {
                    if (count != 1) {
                        duplicates.put(centre + " " + type + " " + identifier, count);
                    }
                });
            }
        }
        assertThat(duplicates).as("resources held more than once").isEmpty();
        assertThat(written.get("Task")).as("one referral Task per step").isEqualTo((long) PATHWAYS * STEPS);
        assertThat(written.get("CarePlan")).as("one CarePlan per pathway").isEqualTo(PATHWAYS);

        Map<String, Long> jobsPerNode = cluster.queryForList("select hostname_, count(*) as jobs from act_hi_job_log "
                        + "where job_state_ = 2 group by hostname_").stream()
                .collect(Collectors.toMap(row -> String.valueOf(row.get("hostname_")),
                        row -> ((Number) row.get("jobs")).longValue()));
        long failedJobs = cluster.queryForObject("select count(*) from act_hi_job_log where job_state_ = 3",
                Long.class);
        BenchmarkReport.print("reliability-cluster", String.format("""
                Cluster and crash: %d pathways of %d steps on two OncoTwin nodes (one PostgreSQL database), centres \
                answering through FHIR Task updates
                  node-a killed with SIGKILL after %d of %d steps, restarted 3 s later
                  all %d pathways completed in %.0f s; steps per pathway other than %d: none; open incidents: 0
                  jobs completed per node: %s; job failures (retried): %d
                  resources at the centres: %s; held more than once: %d
                """, PATHWAYS, STEPS, killedAtSteps, PATHWAYS * STEPS, PATHWAYS, seconds, STEPS, jobsPerNode,
                failedJobs, written, duplicates.size()));
        assertThat(jobsPerNode.keySet()).as("both nodes did work").contains("node-a", "node-b");
    }

    private OncoTwinNode start(String name, Map<String, String> centres, Path logs) throws Exception {
        OncoTwinNode node = OncoTwinNode.start(name, clusterUrl(), centres, logs.resolve(name + ".log"));
        nodes.add(node);
        return node;
    }

    private long finishedSteps() {
        return cluster.queryForObject("select count(*) from act_hi_procinst where proc_def_key_ = ? "
                + "and end_time_ is not null", Long.class, TREATMENT_STEP);
    }

    private long finishedPathways() {
        return cluster.queryForObject("select count(*) from act_hi_procinst where proc_def_key_ = ? "
                + "and end_time_ is not null", Long.class, BenchmarkModels.PATHWAY);
    }

    /** How often each business identifier of the given twins occurs among the centre's resources of a type. */
    private static Map<String, Long> identifiersAt(String centreId, String type, List<String> twins) {
        IGenericClient client = DemoCentresClients.client(centreId);
        var counts = new HashMap<String, Long>();
        for (String twin : twins) {
            String query = "Patient".equals(type) ? "Patient?identifier=" + BusinessIdentifiers.TWIN_SYSTEM + "|" + twin
                    : type + "?" + ("Task".equals(type) ? "patient" : "subject") + ".identifier="
                    + BusinessIdentifiers.TWIN_SYSTEM + "|" + twin + "&_count=100";
            Bundle page = client.search().byUrl(query).cacheControl(CentreClients.FRESH)
                    .returnBundle(Bundle.class).execute();
            for (var entry : page.getEntry()) {
                for (Identifier identifier : identifiers(entry.getResource())) {
                    if (identifier.getValue() != null && identifier.getValue().contains(twin)) {
                        counts.merge(identifier.getSystem() + "|" + identifier.getValue(), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static List<Identifier> identifiers(Resource resource) {
        var identifier = resource.getNamedProperty("identifier");
        return identifier == null ? List.of() : identifier.getValues().stream().map(Identifier.class::cast).toList();
    }

    private void deploy(OncoTwinNode node) {
        var body = new LinkedMultiValueMap<String, Object>();
        body.add("deployment-name", "benchmark");
        body.add("enable-duplicate-filtering", "true");
        body.add("data", new ByteArrayResource(BenchmarkModels.pathway(STEPS).getBytes()) {
            @Override
            public String getFilename() {
                return "benchmark-pathway.bpmn";
            }
        });
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        rest().postForEntity(node.baseUrl() + "/engine-rest/deployment/create", new HttpEntity<>(body, headers),
                String.class);
    }

    private String startPathway(OncoTwinNode node, int i) {
        String twin = UUID.randomUUID().toString();
        Map<String, Object> variables = new HashMap<>();
        Map.of(TWIN_ID, twin, PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana", PATIENT_BIRTH_DATE,
                "1961-04-23", PATIENT_GENDER, "female", PATIENT_MRN, "CL-" + i + "-" + twin.substring(0, 6),
                REFERRAL_REASON, "Cluster test", URGENCY, "routine", CLINICAL_SUMMARY, "Synthetic patient",
                RELEVANT_FINDINGS, "none").forEach((name, value) -> variables.put(name, Map.of("value", value,
                "type", "String")));
        rest().postForEntity(node.baseUrl() + "/engine-rest/process-definition/key/" + BenchmarkModels.PATHWAY
                + "/start", Map.of("businessKey", twin, "variables", variables), String.class);
        return twin;
    }

    private static RestTemplate rest() {
        var rest = new RestTemplate();
        rest.getInterceptors().add(new BasicAuthenticationInterceptor("admin", "demo"));
        return rest;
    }

    private String clusterUrl() {
        String url = env("ONCOTWIN_TEST_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/oncotwin_test");
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    private static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + patience + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static String user() {
        return env("ONCOTWIN_TEST_DATASOURCE_USERNAME", "postgres");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** FHIR clients for the shared test centres, without a Spring context. */
    static final class DemoCentresClients {
        private static final FhirContext FHIR = FhirContext.forR4Cached();

        static IGenericClient client(String centreId) {
            FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
            return FHIR.newRestfulGenericClient(SharedCentres.baseUrl(centreId));
        }

        static List<IGenericClient> all() {
            return List.of(client("leipzig"), client("dresden"), client("prague"));
        }
    }
}
