package org.oncotwin.research;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.FhirResponseException;
import org.springframework.stereotype.Component;

/**
 * Fetches by FHIR Bulk Data: {@code POST [base]/Patient/$export} with {@code _type} and {@code patient}
 * ({@code Prefer: respond-async}), polls the status URL, downloads the NDJSON files, then deletes the export at the
 * centre. Every URL must lie within the centre's base URL, so OncoTwin's credentials go nowhere else.
 */
@Component
class BulkDataExportSource implements CentreExportSource {

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> FHIR_JSON = Map.of("Accept", "application/fhir+json");

    private final CentreClients clients;
    private final FhirContext fhir;
    private final ObjectMapper json;
    private final ExportProperties properties;

    BulkDataExportSource(CentreClients clients, FhirContext fhir, ObjectMapper json, ExportProperties properties) {
        this.clients = clients;
        this.fhir = fhir;
        this.json = json;
        this.properties = properties;
    }

    /** Whether the centre's CapabilityStatement names the {@code export} operation. */
    boolean offeredBy(String centreId) {
        CapabilityStatement capabilities = clients.call(centreId, "read the CapabilityStatement", client -> client
                .capabilities().ofType(CapabilityStatement.class).execute());
        return capabilities.getRest().stream().anyMatch(rest -> rest.getOperation().stream()
                .anyMatch(op -> "export".equals(op.getName()))
                || rest.getResource().stream().anyMatch(resource -> resource.getOperation().stream()
                .anyMatch(op -> "export".equals(op.getName()))));
    }

    @Override
    public void fetch(String centreId, List<String> patientIds, List<String> types, Consumer<String> progress,
                      Consumer<Resource> resources) {
        progress.accept("0 of " + types.size() + " types (the centre's bulk export is starting)");
        String status = kickOff(centreId, patientIds, types);
        try {
            JsonNode manifest = awaitManifest(centreId, status, types.size(), progress);
            List<JsonNode> outputs = new ArrayList<>();
            manifest.path("output").forEach(outputs::add);
            int done = 0;
            for (String type : types) {
                for (JsonNode output : outputs) {
                    if (type.equals(output.path("type").asText())) {
                        download(centreId, output.path("url").asText(), resources);
                    }
                }
                progress.accept(++done + " of " + types.size() + " types");
            }
        } finally {
            clients.exchange(centreId, "delete the bulk export", "DELETE", status, null, Map.of());
        }
    }

    private String kickOff(String centreId, List<String> patientIds, List<String> types) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("_type").setValue(new StringType(String.join(",", types)));
        parameters.addParameter().setName("_outputFormat").setValue(new StringType("application/fhir+ndjson"));
        patientIds.forEach(id -> parameters.addParameter().setName("patient").setValue(new Reference("Patient/"
                + id)));
        String base = clients.baseUrl(centreId);
        HttpResponse<String> answer = clients.exchange(centreId, "start a bulk export", "POST",
                base + "/Patient/$export", fhir.newJsonParser().encodeResourceToString(parameters), Map.of(
                        "Prefer", "respond-async", "Accept", "application/fhir+json",
                        "Content-Type", "application/fhir+json"));
        String status = answer.headers().firstValue("Content-Location").orElse(null);
        if (answer.statusCode() != 202 || status == null) {
            throw failure(centreId, "start a bulk export", "answered " + answer.statusCode() + " without a status "
                    + "URL: " + abbreviated(answer.body()));
        }
        return status;
    }

    private JsonNode awaitManifest(String centreId, String status, int types, Consumer<String> progress) {
        Instant deadline = Instant.now().plus(properties.exportTimeout());
        while (true) {
            HttpResponse<String> answer = clients.exchange(centreId, "poll the bulk export", "GET", status, null,
                    Map.of("Accept", "application/json"));
            if (answer.statusCode() == 200) {
                try {
                    return json.readTree(answer.body());
                } catch (IOException e) {
                    throw failure(centreId, "poll the bulk export", "answered a manifest that is not JSON");
                }
            }
            if (answer.statusCode() != 202) {
                throw failure(centreId, "poll the bulk export", "answered " + answer.statusCode() + ": "
                        + abbreviated(answer.body()));
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure(centreId, "poll the bulk export", "not done within "
                        + properties.exportTimeout().toMinutes() + " min");
            }
            progress.accept("0 of " + types + " types (the centre's bulk export: "
                    + answer.headers().firstValue("X-Progress").orElse("in progress") + ")");
            sleep(answer.headers().firstValue("Retry-After").map(BulkDataExportSource::seconds).orElse(1L));
        }
    }

    private void download(String centreId, String url, Consumer<Resource> resources) {
        HttpResponse<String> answer = clients.exchange(centreId, "download a bulk export file", "GET", url, null,
                FHIR_JSON);
        if (answer.statusCode() != 200) {
            throw failure(centreId, "download a bulk export file", "answered " + answer.statusCode());
        }
        String ndjson = answer.body();
        if (answer.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json")) {
            Binary binary = fhir.newJsonParser().parseResource(Binary.class, answer.body());
            ndjson = new String(Base64.getDecoder().decode(binary.getDataElement().getValueAsString()),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        var parser = fhir.newJsonParser();
        ndjson.lines().filter(line -> !line.isBlank())
                .forEach(line -> resources.accept((Resource) parser.parseResource(line)));
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(1, Math.min(LONGEST_WAIT.toSeconds(), Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a bulk export", e);
        }
    }

    private CentreCallException failure(String centreId, String what, String problem) {
        return clients.failure(centreId, what, new FhirResponseException(centreId, problem));
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
