package org.oncotwin.research;

import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Resource;

/** How the records of the cohort's patients are fetched from one centre: FHIR Bulk Data or searches. */
interface CentreExportSource {

    /**
     * @param patientIds the centre's Patient ids of the cohort
     * @param types      resource types to fetch, Patient first
     * @param progress   told what is done, e.g. "2 of 4 types"
     * @param resources  receives every resource fetched
     */
    void fetch(String centreId, List<String> patientIds, List<String> types, Consumer<String> progress,
               Consumer<Resource> resources);
}
