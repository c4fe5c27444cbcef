package org.oncotwin.process;

import java.util.Set;

/** Keys of the process definitions OncoTwin ships (file name = kebab case of the key). */
public final class ProcessKeys {

    public static final String ONCOLOGY_PATHWAY = "OncologyPathway";
    public static final String NEOADJUVANT_PATHWAY = "NeoadjuvantPathway";
    /** The building block of every pathway: one treatment step at one centre; never started on its own. */
    public static final String TREATMENT_STEP = "TreatmentStep";

    /** Processes that are building blocks, not pathways: they cannot be started as a patient's pathway. */
    public static final Set<String> BUILDING_BLOCKS = Set.of(TREATMENT_STEP);

    private ProcessKeys() {
    }
}
