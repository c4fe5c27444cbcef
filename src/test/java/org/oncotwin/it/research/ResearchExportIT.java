package org.oncotwin.it.research;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.oncotwin.research.ResearchExports;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.SyntheticCohort;
import org.oncotwin.testing.SyntheticCohort.Question;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pseudonymised export on real centres: leipzig and prague answer by FHIR Bulk Data ($export), dresden by searches
 * (application-it.yml). Only consenting patients leave, each once, under a pseudonym that is stable within a project
 * and differs across projects; no direct identifier is in any file; only the requester may read an export; expired
 * exports answer 410 and lose their files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResearchExportIT extends AbstractPathwayIT {

    private static final List<String> CENTRES = List.of("leipzig", "dresden", "prague");
    /** Generated patients were diagnosed in these years, apart from FeasibilityIT's (1961-1965) and all others. */
    private static final LocalDate FROM = LocalDate.of(1971, 1, 1);
    private static final LocalDate TO = LocalDate.of(1975, 12, 31);
    private static final String PROJECT = "breast-rt-2026";
    private static final List<String> TYPES = List.of("Patient", "Condition", "Observation", "Procedure");

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ResearchExports exports;
    @Value("${oncotwin.research.pseudonym-key}")
    private String pseudonymKey;
    private final ObjectMapper json = new ObjectMapper();
    private List<SyntheticCohort.SyntheticPatient> patients;
    private List<SyntheticCohort.SyntheticPatient> consenting;
    private final Map<String, List<String>> centreRequests = new LinkedHashMap<>();
    private String exportId;
    private Map<String, Object> manifest;
    private Map<String, String> files;

    @BeforeAll
    void generateAndExport() throws Exception {
        patients = SyntheticCohort.generate(40, 1971, 1971, 1975, CENTRES);
        Map<String, String> urls = new LinkedHashMap<>();
        CENTRES.forEach(centre -> urls.put(centre, centre(centre).baseUrl()));
        SyntheticCohort.write(fhirContext, urls, patients, 40);
        consenting = SyntheticCohort.truth(patients, question(), CENTRES).patients();
        if (identity.createUserQuery().userId("researcher-exp2").count() == 0) {
            User user = identity.newUser("researcher-exp2");
            user.setPassword("demo");
            identity.saveUser(user);
            identity.createMembership("researcher-exp2", "researchers");
        }
        List<Object> recorders = new ArrayList<>();
        for (String centre : CENTRES) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            centreRequests.put(centre, seen);
            Object recorder = new RequestRecorder(seen);
            recorders.add(recorder);
            centre(centre).registerInterceptor(recorder);
        }
        try {
            exportId = start("researcher", PROJECT, TYPES);
            manifest = awaitManifest("researcher", exportId);
        } finally {
            for (int i = 0; i < CENTRES.size(); i++) {
                centre(CENTRES.get(i)).unregisterInterceptor(recorders.get(i));
            }
        }
        files = new LinkedHashMap<>();
        for (Map<String, Object> output : outputs(manifest)) {
            ResponseEntity<String> file = as("researcher").getForEntity((String) output.get("url"), String.class);
            assertThat(file.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(file.getHeaders().getContentType().toString()).startsWith("application/fhir+ndjson");
            files.put((String) output.get("type"), file.getBody() == null ? "" : file.getBody());
        }
    }

    @Test
    void exactlyTheConsentingPatientsAreExportedEachOnceUnderTheirPseudonym() throws Exception {
        assertThat(consenting.size()).as("generated consenting patients").isGreaterThan(10);
        assertThat(manifest.get("status")).isEqualTo("completed");
        assertThat(manifest.get("patients")).isEqualTo(consenting.size());
        assertThat(manifest.get("requiresAccessToken")).isEqualTo(true);
        assertThat(manifest.get("project")).isEqualTo(PROJECT);
        assertThat((List<?>) manifest.get("error")).isEmpty();
        assertThat(Instant.parse((String) manifest.get("expires"))).isAfter(Instant.now().plus(Duration.ofHours(23)));
        List<JsonNode> patientLines = lines("Patient");
        assertThat(patientLines).hasSize(consenting.size());
        Set<String> expected = consenting.stream().map(p -> pseudonym(PROJECT, p.twinId()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ids(patientLines)).isEqualTo(expected);
        for (JsonNode patient : patientLines) {
            assertThat(patient.path("birthDate").asText()).matches("\\d{4}");
            assertThat(patient.has("name") || patient.has("identifier") || patient.has("telecom")
                    || patient.has("address")).isFalse();
        }
        // every clinical resource points at an exported patient
        for (String type : List.of("Condition", "Observation", "Procedure")) {
            for (JsonNode resource : lines(type)) {
                assertThat(resource.path("subject").path("reference").asText()).startsWith("Patient/")
                        .satisfies(reference -> assertThat(expected).contains(reference.substring(8)));
                assertThat(resource.has("identifier")).isFalse();
            }
        }
    }

    @Test
    void theRecordsOfBothCentrePathsAreAllThere() {
        // condition and three stage observations at the home centre, each treatment at its centre
        assertThat(lines("Condition")).hasSize(consenting.size());
        assertThat(lines("Observation")).hasSize(3 * consenting.size());
        int treatments = consenting.stream().mapToInt(p -> p.treatments().size()).sum();
        assertThat(lines("Procedure")).hasSize(treatments);
        assertThat(counts()).containsEntry("Patient", consenting.size()).containsEntry("Procedure", treatments);
        assertThat(consenting).anyMatch(p -> p.centres().contains("dresden"));
        assertThat(consenting).anyMatch(p -> p.centres().contains("leipzig"));
        // leipzig by $export (found in its CapabilityStatement), dresden by searches
        assertThat(centreRequests.get("leipzig")).anyMatch(url -> url.contains("$export"));
        assertThat(centreRequests.get("leipzig")).noneMatch(url -> url.contains("patient=") || url.contains("_id="));
        assertThat(centreRequests.get("dresden")).noneMatch(url -> url.contains("$export"));
        assertThat(centreRequests.get("dresden")).anyMatch(url -> url.contains("Procedure?") && url.contains("patient="));
    }

    @Test
    void datesAreShiftedByThePatientsOffsetSoIntervalsStayTrue() {
        Map<String, SyntheticCohort.SyntheticPatient> byPseudonym = new LinkedHashMap<>();
        consenting.forEach(p -> byPseudonym.put(pseudonym(PROJECT, p.twinId()), p));
        int shifted = 0;
        for (JsonNode condition : lines("Condition")) {
            var patient = byPseudonym.get(condition.path("subject").path("reference").asText().substring(8));
            int offset = dayShift(PROJECT, patient.twinId());
            assertThat(condition.path("onsetDateTime").asText())
                    .isEqualTo(patient.diagnosedOn().plusDays(offset).toString());
            assertThat(condition.path("recordedDate").asText())
                    .isEqualTo(patient.diagnosedOn().plusDays(3 + offset).toString());
            shifted += offset == 0 ? 0 : 1;
        }
        assertThat(shifted).isGreaterThan(consenting.size() / 2);
    }

    @Test
    void noDirectIdentifierOfAnyGeneratedPatientIsInAnyFile() {
        String all = String.join("\n", files.values());
        assertThat(all).isNotBlank();
        for (var p : patients) {
            assertThat(all).doesNotContain(p.mrn(), p.twinId(), p.phone(), p.street(), p.birthDate().toString(),
                    "\"" + p.givenName() + "\"", "\"" + p.familyName() + "\"", p.familyName() + ",");
        }
        assertThat(all).doesNotContain("Karl-Liebknecht", "Leipzig", "SYN-", "urn:oncotwin", "example.org");
    }

    @Test
    void pseudonymsAreStableWithinAProjectAndDifferAcrossProjects() throws Exception {
        String again = start("researcher", PROJECT, List.of("Patient"));
        String other = start("researcher", "lung-2027", List.of("Patient"));
        awaitManifest("researcher", again);
        awaitManifest("researcher", other);
        Set<String> first = ids(lines("Patient"));
        Set<String> second = ids(parse(download("researcher", again, "Patient")));
        Set<String> third = ids(parse(download("researcher", other, "Patient")));
        assertThat(second).isEqualTo(first);
        assertThat(third).hasSameSizeAs(first).doesNotContainAnyElementsOf(first);
        // the export is recorded for the audit
        Map<String, Object> row = jdbc.queryForMap("select user_id, project, types, patients, resource_counts, "
                + "status from ot_research_export where id = ?", exportId);
        assertThat(row.get("user_id")).isEqualTo("researcher");
        assertThat(row.get("project")).isEqualTo(PROJECT);
        assertThat(row.get("types")).isEqualTo("Patient,Condition,Observation,Procedure");
        assertThat(((Number) row.get("patients")).intValue()).isEqualTo(consenting.size());
        assertThat((String) row.get("resource_counts")).contains("\"Procedure\"");
        // the requester deletes one
        assertThat(as("researcher").exchange("/api/research/exports/" + other, HttpMethod.DELETE, null,
                String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(as("researcher").getForEntity("/api/research/exports/" + other, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyTheRequesterMayReadAnExport() {
        String status = "/api/research/exports/" + exportId;
        String file = status + "/files/Patient.ndjson";
        for (String url : List.of(status, file)) {
            assertThat(as("researcher-exp2").getForEntity(url, String.class).getStatusCode()).as(url)
                    .isEqualTo(HttpStatus.NOT_FOUND);
            for (String user : List.of("coordinator", "manager")) {
                assertThat(as(user).getForEntity(url, String.class).getStatusCode()).as(user + " " + url)
                        .isEqualTo(HttpStatus.FORBIDDEN);
            }
            assertThat(http.getForEntity(url, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(as("researcher-exp2").exchange(status, HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("coordinator").postForEntity("/api/research/exports", json(request(PROJECT, TYPES)),
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("researcher").getForEntity(status + "/files/Encounter.ndjson", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anExpiredExportAnswers410AndItsFilesAreDeleted() throws Exception {
        String id = start("researcher", "expiry-test", List.of("Patient"));
        awaitManifest("researcher", id);
        assertThat(jdbc.queryForObject("select count(*) from ot_research_export_part where export_id = ?",
                Integer.class, id)).isPositive();
        jdbc.update("update ot_research_export set expires_at = ? where id = ?",
                java.sql.Timestamp.from(Instant.now().minusSeconds(1)), id);
        assertThat(as("researcher").getForEntity("/api/research/exports/" + id, String.class).getStatusCode())
                .isEqualTo(HttpStatus.GONE);
        assertThat(as("researcher").getForEntity("/api/research/exports/" + id + "/files/Patient.ndjson",
                String.class).getStatusCode()).isEqualTo(HttpStatus.GONE);
        exports.cleanUp();
        assertThat(jdbc.queryForObject("select count(*) from ot_research_export_part where export_id = ?",
                Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("select status from ot_research_export where id = ?", String.class, id))
                .isEqualTo("expired");
        assertThat(as("researcher").getForEntity("/api/research/exports/" + id, String.class).getStatusCode())
                .isEqualTo(HttpStatus.GONE);
    }

    @Test
    void badRequestsAreRefusedClearly() {
        ResponseEntity<Map> bad = as("researcher").postForEntity("/api/research/exports",
                json(request("X", List.of("Patient", "Practitioner", "Bogus"))), Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) bad.getBody().get("errors")).hasSize(3);
        Map<String, Object> badCriteria = request(PROJECT, TYPES);
        badCriteria.put("criteria", Map.of("diagnosis", "breast"));
        ResponseEntity<Map> criteria = as("researcher").postForEntity("/api/research/exports", json(badCriteria),
                Map.class);
        assertThat(criteria.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) criteria.getBody().get("errors")).hasSize(1);
        Map<String, Object> tiny = request(PROJECT, TYPES);
        tiny.put("criteria", Map.of("from", "1970-01-01", "to", "1970-01-02"));
        assertThat(as("researcher").postForEntity("/api/research/exports", json(tiny), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(as("researcher").postForEntity("/api/research/exports",
                json("{\"project\":\"abc\",\"criteria\":{\"from\":\"yesterday\"}}"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(as("researcher").getForEntity("/api/research/exports/no-such-export", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForList("select result from ot_research_query where user_id = ? and outcome = ?",
                String.class, "researcher", "refused"))
                .anyMatch(why -> why.contains("export for project") && why.contains("below the threshold"));
    }

    @Test
    void anExportWhoseNodeStoppedIsMarkedFailedToBeStartedAgain() {
        String id = java.util.UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        jdbc.update("insert into ot_research_export (id, user_id, project, criteria, types, status, progress, "
                + "requested_at, expires_at, heartbeat_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, "researcher",
                PROJECT, "{}", "Patient", "running", "leipzig: 0 of 1 types", java.sql.Timestamp.from(longAgo),
                java.sql.Timestamp.from(Instant.now().plus(Duration.ofHours(1))), java.sql.Timestamp.from(longAgo));
        exports.cleanUp();
        ResponseEntity<Map> status = as("researcher").getForEntity("/api/research/exports/" + id, Map.class);
        assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status.getBody()).containsEntry("status", "failed")
                .containsEntry("error", "interrupted; start it again");
    }

    private String start(String user, String project, List<String> types) {
        ResponseEntity<Map> started = as(user).postForEntity("/api/research/exports", json(request(project, types)),
                Map.class);
        assertThat(started.getStatusCode()).as("start %s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("id");
        assertThat(started.getHeaders().getFirst("Content-Location")).isEqualTo("/api/research/exports/" + id);
        assertThat(started.getBody()).containsEntry("status", "running")
                .containsEntry("statusUrl", "/api/research/exports/" + id);
        return id;
    }

    private Map<String, Object> awaitManifest(String user, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            ResponseEntity<Map> status = as(user).getForEntity("/api/research/exports/" + id, Map.class);
            if (status.getStatusCode() == HttpStatus.OK) {
                assertThat(status.getBody().get("status")).as("export %s", status.getBody()).isEqualTo("completed");
                return status.getBody();
            }
            assertThat(status.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(status.getHeaders().getFirst("X-Progress")).isNotNull();
            assertThat(status.getBody()).containsEntry("status", "running").containsKey("progress");
            assertThat(Instant.now()).as("export %s still running: %s", id, status.getBody()).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private String download(String user, String id, String type) {
        ResponseEntity<String> file = as(user).getForEntity("/api/research/exports/" + id + "/files/" + type
                + ".ndjson", String.class);
        assertThat(file.getStatusCode()).isEqualTo(HttpStatus.OK);
        return file.getBody();
    }

    private List<JsonNode> lines(String type) {
        return parse(files.getOrDefault(type, ""));
    }

    private List<JsonNode> parse(String ndjson) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : (ndjson == null ? "" : ndjson).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(json.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    private static Set<String> ids(List<JsonNode> resources) {
        return resources.stream().map(r -> r.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> outputs(Map<String, Object> manifest) {
        return (List<Map<String, Object>>) manifest.get("output");
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        outputs(manifest).forEach(o -> counts.put((String) o.get("type"), (Integer) o.get("count")));
        return counts;
    }

    private static Question question() {
        return new Question(null, null, null, null, null, FROM, TO, null, null, null);
    }

    private static Map<String, Object> request(String project, List<String> types) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("criteria", Map.of("from", FROM.toString(), "to", TO.toString()));
        body.put("types", types);
        return body;
    }

    /** The pseudonym as docs/research.md defines it, computed independently of OncoTwin's code. */
    private String pseudonym(String project, String twinId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pseudonymKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((project + "\u0000" + twinId).getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            StringBuilder bits = new StringBuilder();
            for (byte b : digest) {
                bits.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                out.append(alphabet.charAt(Integer.parseInt(bits.substring(5 * i, 5 * i + 5), 2)));
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The date offset as docs/research.md defines it: whole days in -180..+180 from the HMAC. */
    private int dayShift(String project, String twinId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pseudonymKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = mac.doFinal(("date-shift\u0000" + project + "\u0000" + twinId)
                    .getBytes(StandardCharsets.UTF_8));
            int value = java.nio.ByteBuffer.wrap(d, 0, 4).getInt();
            return Math.floorMod(value, 361) - 180;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the URLs a centre was asked for. */
    @Interceptor
    public static class RequestRecorder {

        private final List<String> seen;

        RequestRecorder(List<String> seen) {
            this.seen = seen;
        }

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
        public void seen(RequestDetails request) {
            seen.add(request.getCompleteUrl());
        }
    }
}
