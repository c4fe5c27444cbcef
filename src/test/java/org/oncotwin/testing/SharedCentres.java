package org.oncotwin.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.oncotwin.testing.centres.DemoCentres;

/** The three centre FHIR servers shared by every integration test of one JVM (they take seconds to start). */
public final class SharedCentres {

    private static DemoCentres centres;

    private SharedCentres() {
    }

    public static synchronized DemoCentres get() {
        if (centres == null) {
            Map<String, Integer> anyPort = new LinkedHashMap<>();
            DemoCentres.CENTRE_IDS.forEach(id -> anyPort.put(id, 0));
            centres = DemoCentres.start(anyPort);
            Runtime.getRuntime().addShutdownHook(new Thread(centres::close, "test-centres-shutdown"));
        }
        return centres;
    }
}
