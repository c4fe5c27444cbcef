package org.oncotwin.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.oncotwin.testing.centres.CentresInOwnJvm;
import org.oncotwin.testing.centres.DemoCentres;

/**
 * The three centre FHIR servers shared by every integration test of one JVM (they take seconds to start). They run in
 * the test JVM, unless {@code -Doncotwin.test.centres=own-jvm} puts them in a JVM of their own (benchmarks that tell
 * OncoTwin's CPU and heap from the centres'); tests that reach into a centre (faults, outages) need them here.
 */
public final class SharedCentres {

    public static final String MODE_PROPERTY = "oncotwin.test.centres";

    private static DemoCentres inThisJvm;
    private static CentresInOwnJvm inOwnJvm;

    private SharedCentres() {
    }

    public static boolean inOwnJvm() {
        return "own-jvm".equals(System.getProperty(MODE_PROPERTY));
    }

    /** The centres as servers of this JVM; fails when they run in their own. */
    public static synchronized DemoCentres get() {
        if (inOwnJvm()) {
            throw new IllegalStateException("The centres run in a JVM of their own (" + MODE_PROPERTY
                    + "=own-jvm): this test can reach them only through FHIR");
        }
        if (inThisJvm == null) {
            Map<String, Integer> anyPort = new LinkedHashMap<>();
            DemoCentres.CENTRE_IDS.forEach(id -> anyPort.put(id, 0));
            inThisJvm = DemoCentres.start(anyPort);
            Runtime.getRuntime().addShutdownHook(new Thread(inThisJvm::close, "test-centres-shutdown"));
        }
        return inThisJvm;
    }

    /** The centres' own JVM, when they run in one. */
    public static synchronized Optional<CentresInOwnJvm> ownJvm() {
        if (!inOwnJvm()) {
            return Optional.empty();
        }
        if (inOwnJvm == null) {
            List<String> options = new java.util.ArrayList<>(List.of("-Xmx4g", "-XX:+UseParallelGC"));
            // e.g. a flight recording of the centres: -Doncotwin.test.centres-jvm-options=-XX:StartFlightRecording=...
            String extra = System.getProperty("oncotwin.test.centres-jvm-options", "").trim();
            if (!extra.isEmpty()) {
                options.addAll(List.of(extra.split("\\s+")));
            }
            inOwnJvm = CentresInOwnJvm.start(Path.of("target", "centres-jvm.log"), options);
            Runtime.getRuntime().addShutdownHook(new Thread(inOwnJvm::close, "test-centres-shutdown"));
        }
        return Optional.of(inOwnJvm);
    }

    public static String baseUrl(String centreId) {
        return ownJvm().map(own -> own.baseUrls().get(centreId)).orElseGet(() -> get().centre(centreId).baseUrl());
    }

    /** Spring properties pointing OncoTwin at the centres. */
    public static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        DemoCentres.CENTRE_IDS.forEach(id -> properties.put("oncotwin.centres." + id + ".fhir-base-url", baseUrl(id)));
        return properties;
    }
}
