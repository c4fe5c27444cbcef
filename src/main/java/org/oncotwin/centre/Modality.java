package org.oncotwin.centre;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * A kind of care a treatment step may have (a "care-step kind": imaging, surgery, palliative care ...), coded in
 * SNOMED CT. The five shipped kinds are defaults; more come from configuration ({@link CareStepKinds}).
 *
 * @param code the kind's name in models, forms and configuration, e.g. {@code radiotherapy}
 * @param treatment whether a step of this kind counts as treatment for the time-to-treatment figures
 */
public record Modality(String code, String snomedCode, String display, boolean treatment) {

    public static final String SNOMED = "http://snomed.info/sct";

    public static final Modality IMAGING = new Modality("imaging", "363679005", "Imaging", false);
    public static final Modality SURGERY = new Modality("surgery", "387713003", "Surgical procedure", true);
    public static final Modality RADIOTHERAPY = new Modality("radiotherapy", "108290001",
            "Radiation oncology AND/OR radiotherapy", true);
    public static final Modality CHEMOTHERAPY = new Modality("chemotherapy", "367336001", "Chemotherapy", true);
    public static final Modality IMMUNOTHERAPY = new Modality("immunotherapy", "76334006", "Immunotherapy", true);

    /** The kinds OncoTwin ships with, in the order a tumour board lists them. */
    public static final List<Modality> SHIPPED = List.of(IMAGING, SURGERY, RADIOTHERAPY, CHEMOTHERAPY,
            IMMUNOTHERAPY);

    /** A kind is its code: a configuration that redefines a shipped kind's coding does not make it another kind. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Modality kind && kind.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    public CodeableConcept toCodeableConcept() {
        return new CodeableConcept(new Coding(SNOMED, snomedCode, display)).setText(display);
    }
}
