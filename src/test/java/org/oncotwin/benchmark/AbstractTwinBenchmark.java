package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.OncologyExport;
import org.oncotwin.testing.SharedCentres;
import org.oncotwin.twin.TwinAssembler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The twin of a patient who looks like a real oncology record, against what the centres answer on their own: each
 * patient has a pathway (Patient and care plan at Leipzig, a referral at Dresden) and Leipzig's own export of the
 * earlier care (diagnosis, TNM, 22 observations, procedures, medication, reports) imported. Measures, in one run:
 * the twin as a user gets it ({@code GET /api/twins/{id}}: need-to-know check, the read recorded, every centre asked,
 * merged, summarised) against the slowest centre's own {@code Patient/$everything} read by plain HTTP, in turns;
 * then many people reading twins at once. Prints; asserts only that no twin came back partial.
 */
abstract class AbstractTwinBenchmark extends AbstractPathwayIT {

    private static final String LEIPZIG_MRN = "urn:oncotwin:centre:leipzig:mrn";

    record Sizes(int patients, int rounds, List<Integer> readers, int readsEach) {
    }

    @LocalServerPort
    int port;
    @Autowired
    TwinAssembler assembler;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    String run(Sizes sizes) throws Exception {
        List<String> twins = new ArrayList<>();
        for (int i = 0; i < sizes.patients(); i++) {
            twins.add(realisticPatient());
        }
        String twin = twins.get(0);
        Map<String, String> patientAtCentre = patientsOf(twin);
        var report = new StringBuilder(String.format("Twin benchmark (PostgreSQL, three HAPI FHIR JPA centres %s, "
                + "%d cores): %d patients, each with a pathway and an imported oncology export%n",
                SharedCentres.inOwnJvm() ? "in a JVM of their own" : "in the test JVM",
                Runtime.getRuntime().availableProcessors(), sizes.patients()));
        JsonNode first = readTwin(twin);
        report.append(String.format("1. One twin, %s resources %s, %d rounds in turns (after %d warm-up rounds)%n",
                total(first.path("resourcesByType")), first.path("resourcesByType"), sizes.rounds(),
                sizes.rounds() / 2));

        List<Double> twinMillis = new ArrayList<>();
        List<Double> assemblyMillis = new ArrayList<>();
        List<Double> slowestCentreMillis = new ArrayList<>();
        Map<String, List<Double>> byCentre = new LinkedHashMap<>();
        for (int round = -sizes.rounds() / 2; round < sizes.rounds(); round++) {
            long started = System.nanoTime();
            JsonNode answer = readTwin(twin);
            double twinTook = millisSince(started);
            assertThat(answer.path("complete").asBoolean()).as("a complete twin").isTrue();
            started = System.nanoTime();
            assembler.assemble(twin);
            double assemblyTook = millisSince(started);
            double slowest = 0;
            for (var centre : patientAtCentre.entrySet()) {
                started = System.nanoTime();
                everything(centre.getKey(), centre.getValue());
                double took = millisSince(started);
                slowest = Math.max(slowest, took);
                if (round >= 0) {
                    byCentre.computeIfAbsent(centre.getKey(), c -> new ArrayList<>()).add(took);
                }
            }
            if (round >= 0) {
                twinMillis.add(twinTook);
                assemblyMillis.add(assemblyTook);
                slowestCentreMillis.add(slowest);
            }
        }
        double a = percentile(twinMillis, 50);
        double b = percentile(slowestCentreMillis, 50);
        report.append(String.format("   twin (GET /api/twins/{id} as coordinator)         median %7.1f ms  p95 %7.1f ms%n",
                a, percentile(twinMillis, 95)));
        report.append(String.format("   of which the assembly alone (TwinAssembler, in-JVM) median %7.1f ms%n",
                percentile(assemblyMillis, 50)));
        byCentre.forEach((centre, millis) -> report.append(String.format(
                "   %-8s Patient/$everything (plain HTTP, all pages) median %7.1f ms%n", centre,
                percentile(millis, 50))));
        report.append(String.format("   slowest centre's $everything in each round        median %7.1f ms%n", b));
        report.append(String.format("   ratio twin / slowest centre = %.2f%n", a / b));

        int step = 2;
        for (int readers : sizes.readers()) {
            report.append(String.format("%d. %d people reading twins at once (each its own patient, %d reads)%n",
                    step++, readers, sizes.readsEach()));
            report.append(underLoad(twins, readers, sizes.readsEach()));
        }
        return report.toString();
    }

    /** A pathway at Leipzig referring to Dresden, then Leipzig's export of the earlier care imported. */
    private String realisticPatient() throws Exception {
        StartedPathway started = startPathway("dresden");
        handOver(awaitStep(started.processInstanceId()));
        var export = new OncologyExport(LEIPZIG_MRN, started.mrn(), "Novak", "Jana", "1961-04-23", 22);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        var answer = api().postForEntity("/api/twins/" + started.twinId() + "/records?centre=leipzig",
                new HttpEntity<>(export.json(fhirContext, OncologyExport.Kind.COLLECTION), headers), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CREATED);
        return started.twinId();
    }

    private String underLoad(List<String> twins, int readers, int readsEach) throws Exception {
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger partial = new AtomicInteger();
        CyclicBarrier together = new CyclicBarrier(readers);
        ExecutorService people = Executors.newFixedThreadPool(readers);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<Void>> reading = new ArrayList<>();
            for (int reader = 0; reader < readers; reader++) {
                String twin = twins.get(reader % twins.size());
                reading.add(CompletableFuture.runAsync(() -> {
                    try {
                        together.await();
                        for (int read = 0; read < readsEach; read++) {
                            long began = System.nanoTime();
                            JsonNode answer = readTwin(twin);
                            millis.add(millisSince(began));
                            if (!answer.path("complete").asBoolean()) {
                                partial.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, people));
            }
            CompletableFuture.allOf(reading.toArray(CompletableFuture[]::new)).join();
        } finally {
            people.shutdownNow();
        }
        double seconds = millisSince(started) / 1000;
        assertThat(partial.get()).as("partial twins under load").isZero();
        return String.format("   latency p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms; %.1f twins/s; partial twins: %d of %d%n",
                percentile(millis, 50), percentile(millis, 95), percentile(millis, 100), millis.size() / seconds,
                partial.get(), millis.size());
    }

    private JsonNode readTwin(String twinId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/twins/" + twinId))
                .header("Accept", "application/json").header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("coordinator:demo".getBytes()))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The centre's own answer: Patient/$everything with large pages, every page read. */
    private void everything(String centre, String patientId) throws Exception {
        String url = centreBaseUrl(centre) + "/" + patientId + "/$everything?_count=500";
        while (url != null) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/fhir+json").header("Cache-Control", "no-cache")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            url = null;
            for (JsonNode link : json.readTree(response.body()).path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    url = link.path("url").asText();
                }
            }
        }
    }

    private Map<String, String> patientsOf(String twinId) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String centre : List.of("leipzig", "dresden", "prague")) {
            records(centre).search(Patient.class, "identifier=urn:oncotwin:twin|" + twinId).stream().findFirst()
                    .ifPresent(p -> found.put(centre, "Patient/" + p.getIdElement().getIdPart()));
        }
        return found;
    }

    private static long total(JsonNode counts) {
        long total = 0;
        for (JsonNode count : counts) {
            total += count.asLong();
        }
        return total;
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
