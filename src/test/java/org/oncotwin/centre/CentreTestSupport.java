package org.oncotwin.centre;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.test.mock.Mocks;

/** The demo centre directory (as in application.yml) and the real centre-selection delegates, for process tests. */
public final class CentreTestSupport {

    private CentreTestSupport() {
    }

    public static CentreDirectory demoDirectory() {
        return new CentreDirectory(new CentreProperties("leipzig", Map.of(
                "leipzig", entry("Leipzig University Hospital", "DE",
                        Map.of("imaging", 3, "surgery", 12, "chemotherapy", 7)),
                "dresden", entry("Dresden Proton Centre", "DE",
                        Map.of("imaging", 5, "radiotherapy", 10, "immunotherapy", 20)),
                "prague", entry("Prague Oncology Institute", "CZ",
                        Map.of("radiotherapy", 14, "surgery", 9, "chemotherapy", 6, "immunotherapy", 8)))));
    }

    public static void registerSelection(CentreDirectory centres, DecisionService decisions) {
        Mocks.register("selectCentre", new SelectCentreDelegate(new CentreSelection(centres, decisions), CareStepKinds.shipped()));
        Mocks.register("excludeCentre", new ExcludeCentreDelegate());
    }

    private static CentreProperties.CentreEntry entry(String name, String country, Map<String, Integer> waiting) {
        var offers = new HashMap<String, CentreProperties.ModalityOffer>();
        waiting.forEach((modality, days) -> offers.put(modality, new CentreProperties.ModalityOffer(days)));
        return new CentreProperties.CentreEntry(name, "http://" + name.replace(' ', '-') + ".invalid/fhir", country,
                null, null, offers, null, null, null);
    }
}
