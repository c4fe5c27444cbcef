package org.oncotwin.process;

import java.util.Set;

/** Keys of the process definitions OncoTwin ships (file name = kebab case of the key). */
public final class ProcessKeys {

    public static final String ONCOLOGY_PATHWAY = "OncologyPathway";
    public static final String NEOADJUVANT_PATHWAY = "NeoadjuvantPathway";
    /** The building block of every pathway: one treatment step at one centre; never started on its own. */
    public static final String TREATMENT_STEP = "TreatmentStep";

    /** A coordinator records that a patient withdrew a consent (a Tasklist start form); not a pathway. */
    public static final String RECORD_CONSENT_WITHDRAWAL = "RecordConsentWithdrawal";

    /** Processes that are building blocks, not pathways: they cannot be started as a patient's pathway. */
    public static final Set<String> BUILDING_BLOCKS = Set.of(TREATMENT_STEP);

    /** Processes that record an administrative fact about a patient: started in Tasklist, never a pathway. */
    public static final Set<String> ADMINISTRATIVE = Set.of(RECORD_CONSENT_WITHDRAWAL);

    /** Whether a process of this key is a patient's pathway (counted on the dashboard, started by the intake). */
    public static boolean isPathway(String processDefinitionKey) {
        return !BUILDING_BLOCKS.contains(processDefinitionKey) && !ADMINISTRATIVE.contains(processDefinitionKey);
    }

    private ProcessKeys() {
    }
}
