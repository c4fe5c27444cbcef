package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.identity.User;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.SyntheticCohort;
import org.oncotwin.testing.SyntheticCohort.Question;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Research at network scale: the generator fills the three centres with synthetic patients (known diagnoses, stages,
 * treatments, consents), then feasibility queries are asked through the API as researchers ask them. Measures the
 * generator's write rate and the feasibility latency; checks every answer against the generator's ground truth
 * (counts equal, non-consenting patients never counted). Prints; asserts nothing about time.
 */
abstract class AbstractResearchBenchmark extends AbstractPathwayIT {

    static final List<String> CENTRES = List.of("leipzig", "dresden", "prague");
    /** Each researcher asks a few queries a minute at most (the rate limit); the benchmark takes turns. */
    private static final int RESEARCHERS = 40;

    record Sizes(int patients, int rounds, int firstYear, int lastYear) {
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private int turn;

    String run(Sizes sizes) throws Exception {
        createResearchers();
        var patients = SyntheticCohort.generate(sizes.patients(), 20_000L + sizes.patients(), sizes.firstYear(),
                sizes.lastYear(), CENTRES);
        Map<String, String> urls = new LinkedHashMap<>();
        CENTRES.forEach(centre -> urls.put(centre, centreBaseUrl(centre)));
        long writeStarted = System.nanoTime();
        SyntheticCohort.write(fhirContext, urls, patients, 100);
        double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
        long resources = patients.stream().mapToLong(p -> p.centres().size() + 4L + p.treatments().size()
                + (p.consent() == SyntheticCohort.ConsentState.NONE ? 0 : 1)).sum();
        long consenting = patients.stream().filter(p -> p.consent() == SyntheticCohort.ConsentState.PERMIT).count();

        LocalDate from = LocalDate.of(sizes.firstYear(), 1, 1);
        LocalDate to = LocalDate.of(sizes.lastYear() + 1, 12, 31);
        List<Question> questions = List.of(
                new Question("C50", null, null, null, null, from, to, null, null, null),
                new Question("C50", null, "N1", null, "radiotherapy", from, to, null, null, null),
                new Question("C", "T2", null, "M0", null, from, to, 40, 65, "female"),
                new Question(null, null, null, null, "surgery", from, to, null, null, null),
                new Question("C34.1", null, null, null, "chemotherapy", from, to, null, null, "male"),
                new Question("C61", null, null, "M1", null, from, to, 60, null, null));
        // the first query after the generator reads each centre's research facts anew (more changes than a page)
        long coldStarted = System.nanoTime();
        JsonNode cold = ask(questions.get(0));
        double coldMillis = (System.nanoTime() - coldStarted) / 1e6;
        boolean coldComplete = cold.path("complete").asBoolean();
        for (int tries = 0; !ask(questions.get(0)).path("complete").asBoolean() && tries < 20; tries++) {
            Thread.sleep(5000);
        }
        for (Question question : questions) {
            checkAgainstTruth(patients, question, ask(question));
        }
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < sizes.rounds(); round++) {
            for (Question question : questions) {
                long started = System.nanoTime();
                JsonNode answer = ask(question);
                millis.add((System.nanoTime() - started) / 1e6);
                assertThat(answer.path("complete").asBoolean()).isTrue();
            }
        }
        Collections.sort(millis);
        String export = export(patients, questions.get(0));
        return String.format("Research benchmark (PostgreSQL, three HAPI FHIR JPA centres in the test JVM, 2 cores)%n"
                        + "1. Generator: %d patients (%d with an active research consent), %d resources at 3 centres "
                        + "in %.1f s = %.0f resources/s%n"
                        + "2. First query after the generator (each centre's research facts read anew): %.0f ms, %s%n"
                        + "3. Feasibility through POST /api/research/feasibility, %d questions x %d rounds after one "
                        + "checked round: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n"
                        + "   every answer of the checked round equals the generator's ground truth (total and per "
                        + "centre where shown; hidden counts below the threshold)%n",
                patients.size(), consenting, resources, writeSeconds, resources / writeSeconds,
                coldMillis, coldComplete ? "complete" : "incomplete (a centre was still being read; asked again)",
                questions.size(), sizes.rounds(), percentile(millis, 50), percentile(millis, 95),
                millis.isEmpty() ? 0 : millis.get(millis.size() - 1)) + export;
    }

    /**
     * Exports the consenting patients meeting the question, all clinical types, and checks the files: one Patient per
     * consenting patient, no MRN, phone, street or twin id of any generated patient.
     */
    private String export(List<SyntheticCohort.SyntheticPatient> patients, Question question) throws Exception {
        var truth = SyntheticCohort.truth(patients, question, CENTRES);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", "benchmark-" + patients.size());
        body.put("criteria", criteria(question));
        body.put("types", List.of("Patient", "Condition", "Observation", "Procedure"));
        long started = System.nanoTime();
        HttpResponse<String> kickOff = send("POST", "/api/research/exports", json.writeValueAsString(body));
        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        JsonNode manifest;
        while (true) {
            HttpResponse<String> poll = send("GET", status, null);
            if (poll.statusCode() == 200) {
                manifest = json.readTree(poll.body());
                break;
            }
            assertThat(poll.statusCode()).as(poll.body()).isEqualTo(202);
            Thread.sleep(500);
        }
        double exportSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(manifest.path("status").asText()).as(manifest.toString()).isEqualTo("completed");
        java.util.Set<String> twinIds = new java.util.HashSet<>();
        patients.forEach(p -> twinIds.add(p.twinId()));
        var uuid = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        long resources = 0;
        long bytes = 0;
        long patientLines = 0;
        for (JsonNode file : manifest.path("output")) {
            String ndjson = send("GET", file.path("url").asText(), null).body();
            long lines = ndjson.lines().filter(line -> !line.isBlank()).count();
            resources += lines;
            bytes += ndjson.length();
            if ("Patient".equals(file.path("type").asText())) {
                patientLines = lines;
            }
            assertThat(ndjson).doesNotContain("SYN-", "+49 341", "Karl-Liebknecht", "urn:oncotwin:twin");
            var found = uuid.matcher(ndjson);
            while (found.find()) {
                assertThat(twinIds).as("a twin id in the %s file", file.path("type").asText())
                        .doesNotContain(found.group());
            }
        }
        assertThat(patientLines).as("one Patient per consenting patient").isEqualTo(truth.total());
        return String.format("4. Pseudonymised export of %s (%d consenting patients; Leipzig and Prague by $export, "
                        + "Dresden by searches): %d resources, %.1f MB NDJSON in %.1f s = %.0f resources/s; no MRN, "
                        + "phone, street or twin id of any generated patient in the files%n",
                question.diagnosis(), truth.total(), resources, bytes / 1e6, exportSeconds,
                resources / exportSeconds);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "researcher-bench0:demo".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void checkAgainstTruth(List<SyntheticCohort.SyntheticPatient> patients, Question question,
                                   JsonNode answer) {
        var truth = SyntheticCohort.truth(patients, question, CENTRES);
        assertThat(answer.path("total").asText()).as("total of %s", question).isEqualTo(shown(truth.total()));
        for (JsonNode centre : answer.path("centres")) {
            String count = centre.path("count").asText();
            if (!count.startsWith("<")) {
                assertThat(count).as("%s at %s", question, centre.path("centre").asText())
                        .isEqualTo(Integer.toString(truth.perCentre().get(centre.path("centre").asText())));
            }
        }
    }

    private JsonNode ask(Question question) throws Exception {
        String user = "researcher-bench" + (1 + turn++ % (RESEARCHERS - 1));
        Map<String, Object> body = criteria(question);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/research/feasibility"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static Map<String, Object> criteria(Question question) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("diagnosis", question.diagnosis());
        body.put("t", question.t());
        body.put("n", question.n());
        body.put("m", question.m());
        body.put("modality", question.modality());
        body.put("from", question.from() == null ? null : question.from().toString());
        body.put("to", question.to() == null ? null : question.to().toString());
        body.put("minAge", question.minAge());
        body.put("maxAge", question.maxAge());
        body.put("sex", question.sex());
        return body;
    }

    private void createResearchers() {
        for (int i = 0; i < RESEARCHERS; i++) {
            String id = "researcher-bench" + i;
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setPassword("demo");
                identity.saveUser(user);
                identity.createMembership(id, "researchers");
            }
        }
    }

    private static String shown(int count) {
        return count > 0 && count < 5 ? "<5" : Integer.toString(count);
    }

    private static double percentile(List<Double> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
