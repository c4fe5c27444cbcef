package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.ProcessKeys.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.oncotwin.benchmark.BenchmarkReport;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Bad calls to the API: each is answered with a clear 4xx and an RFC 9457 problem detail, never a 500 or a stack
 * trace, and none starts a pathway.
 */
class BadInputIT extends AbstractPathwayIT {

    private static final String IMPORT_AT_PRAGUE = "/api/twins/6f1c2b9e-1111-4a4a-9c9c-123456789abc/records?centre=prague";

    record BadCall(String what, HttpMethod method, String path, String contentType, String body, int expected) {
    }

    static final String VALID_INTAKE = """
            {"patientFamilyName": "Novak", "patientGivenName": "Jana", "patientBirthDate": "1961-04-23",
             "patientGender": "female", "patientMrn": "LE-BAD-1", "referralReason": "Suspected chordoma",
             "urgency": "routine"%s}""";

    @Test
    void everyBadCallIsAnsweredWithAProblemDetailAndStartsNothing() throws Exception {
        List<BadCall> calls = List.of(
                new BadCall("malformed JSON", HttpMethod.POST, "/api/pathways", "application/json",
                        "{\"patientFamilyName\": ", 400),
                new BadCall("JSON of the wrong shape", HttpMethod.POST, "/api/pathways", "application/json", "[1, 2]",
                        400),
                new BadCall("empty intake", HttpMethod.POST, "/api/pathways", "application/json", "{}", 400),
                new BadCall("missing family name and reason", HttpMethod.POST, "/api/pathways", "application/json",
                        "{\"patientGivenName\": \"Jana\", \"patientMrn\": \"X\"}", 400),
                new BadCall("birth date not a date", HttpMethod.POST, "/api/pathways", "application/json",
                        VALID_INTAKE.formatted(", \"patientBirthDate\": \"yesterday\""), 400),
                new BadCall("unknown centre", HttpMethod.POST, "/api/pathways", "application/json",
                        VALID_INTAKE.formatted(", \"diagnosticsCentre\": \"atlantis\""), 400),
                new BadCall("unknown pathway model", HttpMethod.POST, "/api/pathways?pathway=NoSuchPathway",
                        "application/json", VALID_INTAKE.formatted(""), 400),
                new BadCall("a treatment step is not a pathway", HttpMethod.POST,
                        "/api/pathways?pathway=" + TREATMENT_STEP, "application/json", VALID_INTAKE.formatted(""), 400),
                new BadCall("not JSON at all", HttpMethod.POST, "/api/pathways", "text/plain", "hello", 415),
                new BadCall("huge payload (2 MB)", HttpMethod.POST, "/api/pathways", "application/json",
                        VALID_INTAKE.formatted(", \"referralReason\": \"" + "x".repeat(2_000_000) + "\""), 413),
                new BadCall("unknown pathway id", HttpMethod.GET, "/api/pathways/no-such-id", null, null, 404),
                new BadCall("withdraw unknown pathway", HttpMethod.POST, "/api/pathways/no-such-id/withdrawal",
                        "application/json", "{\"reason\": \"moved\"}", 404),
                new BadCall("hold unknown pathway", HttpMethod.POST, "/api/pathways/no-such-id/hold", null, null, 404),
                new BadCall("unknown referral", HttpMethod.GET, "/api/referrals/Task-404", null, null, 404),
                new BadCall("import from unknown centre", HttpMethod.POST,
                        "/api/twins/6f1c2b9e-1111-4a4a-9c9c-123456789abc/records?centre=atlantis",
                        "application/json", "{}", 400),
                new BadCall("import without centre", HttpMethod.POST, "/api/twins/some-twin/records",
                        "application/json", "{}", 400),
                new BadCall("import of XML that is no FHIR", HttpMethod.POST,
                        IMPORT_AT_PRAGUE,
                        "application/fhir+xml", "<html><body>export</body></html>", 400),
                new BadCall("import of a Patient in XML, not a Bundle", HttpMethod.POST,
                        IMPORT_AT_PRAGUE,
                        "application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"/>", 400),
                new BadCall("import of NDJSON that is no JSON", HttpMethod.POST,
                        IMPORT_AT_PRAGUE,
                        "application/fhir+ndjson", "{\"resourceType\": \"Patient\"\nnot json", 400),
                new BadCall("import as plain text", HttpMethod.POST,
                        IMPORT_AT_PRAGUE,
                        "text/plain", "Patient: Horvat", 415));
        long pathwaysBefore = runtime.createProcessInstanceQuery().count();
        var report = new StringBuilder("Bad API calls (as the coordinator) and their answers:\n");
        List<String> failures = new ArrayList<>();
        for (BadCall call : calls) {
            var headers = new HttpHeaders();
            if (call.contentType() != null) {
                headers.setContentType(MediaType.parseMediaType(call.contentType()));
            }
            var response = api().exchange(call.path(), call.method(), new HttpEntity<>(call.body(), headers),
                    String.class);
            String contentType = String.valueOf(response.getHeaders().getContentType());
            JsonNode problem = response.getBody() == null ? null : new ObjectMapper().readTree(response.getBody());
            String detail = problem == null ? "" : problem.path("title").asText() + ": " + problem.path("detail")
                    .asText();
            report.append(String.format("  %-36s -> %d %s%n", call.what(), response.getStatusCode().value(),
                    detail.length() > 110 ? detail.substring(0, 110) + "…" : detail));
            if (response.getStatusCode().value() != call.expected() || !contentType.contains("problem+json")
                    || problem == null || problem.path("status").asInt() != call.expected()
                    || response.getBody().contains("Exception") || response.getBody().contains("\tat ")) {
                failures.add(call.what() + ": " + response.getStatusCode() + " " + contentType + " "
                        + response.getBody());
            }
        }
        BenchmarkReport.print("reliability-bad-input", report.toString());
        assertThat(failures).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().count()).as("no pathway started")
                .isLessThanOrEqualTo(pathwaysBefore);
    }

    /**
     * A body sent in chunks does not say its length; the limit holds all the same (before, 30 MB in chunks were read
     * into memory by any logged-in user).
     */
    @Test
    void aHugeBodySentInChunksIsRefusedAsTooLarge() throws Exception {
        byte[] intake = VALID_INTAKE.formatted(", \"referralReason\": \"" + "x".repeat(2_000_000) + "\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.getRootUri() + "/api/pathways"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "coordinator:demo".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                // a stream of unknown length: sent chunked
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(intake))).build();
        long pathwaysBefore = runtime.createProcessInstanceQuery().count();

        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).contains("problem+json"));
        assertThat(runtime.createProcessInstanceQuery().count()).isLessThanOrEqualTo(pathwaysBefore);
    }
}
