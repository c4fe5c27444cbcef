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
        var idleBefore = CpuSplit.now();
        Thread.sleep(5000);
        report.append(String.format("   CPU while no one reads, per second: %s%n",
                CpuSplit.now().minus(idleBefore).per(5)));
        JsonNode first = readTwin(twin);
        report.append(String.format("1. One twin, %s resources %s, %d rounds in turns (after %d warm-up rounds)%n",
                total(first.path("resourcesByType")), first.path("resourcesByType"), sizes.rounds(),
                sizes.rounds() / 2));

        List<Double> twinMillis = new ArrayList<>();
        List<Double> assemblyMillis = new ArrayList<>();
        List<Double> slowestCentreMillis = new ArrayList<>();
        List<Double> slowestInOnePieceMillis = new ArrayList<>();
        Map<String, List<Double>> byCentre = new LinkedHashMap<>();
        CpuSplit twinCpu = new CpuSplit(0, 0, 0);
        CpuSplit everythingCpu = new CpuSplit(0, 0, 0);
        for (int round = -sizes.rounds() / 2; round < sizes.rounds(); round++) {
            var cpuBefore = CpuSplit.now();
            long started = System.nanoTime();
            JsonNode answer = readTwin(twin);
            double twinTook = millisSince(started);
            var cpuAfterTwin = CpuSplit.now();
            assertThat(answer.path("complete").asBoolean()).as("a complete twin").isTrue();
            started = System.nanoTime();
            assembler.assemble(twin);
            double assemblyTook = millisSince(started);
            double slowest = 0;
            var cpuBeforeEverything = CpuSplit.now();
            for (var centre : patientAtCentre.entrySet()) {
                started = System.nanoTime();
                everything(centre.getKey(), centre.getValue(), PAGED);
                double took = millisSince(started);
                slowest = Math.max(slowest, took);
                if (round >= 0) {
                    byCentre.computeIfAbsent(centre.getKey(), c -> new ArrayList<>()).add(took);
                }
            }
            double slowestInOnePiece = 0;
            for (var centre : patientAtCentre.entrySet()) {
                started = System.nanoTime();
                everything(centre.getKey(), centre.getValue(), IN_ONE_PIECE);
                slowestInOnePiece = Math.max(slowestInOnePiece, millisSince(started));
            }
            if (round >= 0) {
                slowestInOnePieceMillis.add(slowestInOnePiece);
            }
            if (round >= 0) {
                twinCpu = twinCpu.plus(cpuAfterTwin.minus(cpuBefore));
                everythingCpu = everythingCpu.plus(CpuSplit.now().minus(cpuBeforeEverything));
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
        double c = percentile(slowestInOnePieceMillis, 50);
        report.append(String.format("   slowest centre's $everything asked as OncoTwin asks (no-store, one piece) median "
                + "%7.1f ms; ratio twin / that = %.2f%n", c, a / c));
        report.append(String.format("   CPU per twin: %s%n", twinCpu.per(sizes.rounds())));
        report.append(String.format("   CPU per round of the centres' own $everything: %s%n",
                everythingCpu.per(sizes.rounds())));

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
        var cpuBefore = CpuSplit.now();
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
        var cpu = CpuSplit.now().minus(cpuBefore).per(millis.size());
        assertThat(partial.get()).as("partial twins under load").isZero();
        return String.format("   latency p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms; %.1f twins/s; partial twins: %d of %d%n"
                + "   CPU per twin: %s%n",
                percentile(millis, 50), percentile(millis, 95), percentile(millis, 100), millis.size() / seconds,
                partial.get(), millis.size(), cpu);
    }

    /** CPU used so far by this JVM (OncoTwin and the readers' HTTP clients), the centres' JVM, and PostgreSQL. */
    private record CpuSplit(double oncoTwin, double centres, double postgres) {

        static CpuSplit now() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long own = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            long centres = SharedCentres.ownJvm().map(c -> c.cpuTime().toNanos()).orElse(0L);
            return new CpuSplit(own / 1e6, centres / 1e6, PostgresCpu.used().toNanos() / 1e6);
        }

        CpuSplit minus(CpuSplit before) {
            return new CpuSplit(oncoTwin - before.oncoTwin, centres - before.centres, postgres - before.postgres);
        }

        CpuSplit plus(CpuSplit more) {
            return new CpuSplit(oncoTwin + more.oncoTwin, centres + more.centres, postgres + more.postgres);
        }

        CpuSplit per(int twins) {
            return new CpuSplit(oncoTwin / twins, centres / twins, postgres / twins);
        }

        @Override
        public String toString() {
            return String.format("%.1f ms this JVM (OncoTwin%s and the readers), %s%.1f ms PostgreSQL",
                    oncoTwin, SharedCentres.inOwnJvm() ? "" : " with the centres",
                    SharedCentres.inOwnJvm() ? String.format("%.1f ms the centres' JVM, ", centres) : "", postgres);
        }
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

    private static final String PAGED = "no-cache";
    private static final String IN_ONE_PIECE = "no-cache, no-store, max-results=1000";

    /**
     * The centre's own answer: Patient/$everything with large pages, every page read; {@code cacheControl} PAGED as a
     * client usually asks, IN_ONE_PIECE as OncoTwin asks first.
     */
    private void everything(String centre, String patientId, String cacheControl) throws Exception {
        String url = centreBaseUrl(centre) + "/" + patientId + "/$everything?_count="
                + (cacheControl.equals(PAGED) ? 500 : 1000);
        while (url != null) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/fhir+json").header("Cache-Control", cacheControl)
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
