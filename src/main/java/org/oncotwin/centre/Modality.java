package org.oncotwin.centre;

import java.util.Arrays;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** A kind of treatment step a centre may offer, coded in SNOMED CT. */
public enum Modality {
    IMAGING("363679005", "Imaging"),
    SURGERY("387713003", "Surgical procedure"),
    RADIOTHERAPY("108290001", "Radiation oncology AND/OR radiotherapy"),
    CHEMOTHERAPY("367336001", "Chemotherapy"),
    IMMUNOTHERAPY("76334006", "Immunotherapy");

    public static final String SNOMED = "http://snomed.info/sct";

    private final String snomedCode;
    private final String display;

    Modality(String snomedCode, String display) {
        this.snomedCode = snomedCode;
        this.display = display;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String display() {
        return display;
    }

    public CodeableConcept toCodeableConcept() {
        return new CodeableConcept(new Coding(SNOMED, snomedCode, display)).setText(display);
    }

    /** @throws IllegalArgumentException naming the known modalities when the code is unknown */
    public static Modality fromCode(String code) {
        return Arrays.stream(values())
                .filter(m -> m.code().equalsIgnoreCase(code == null ? "" : code.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown modality '" + code + "'; known: "
                        + Arrays.stream(values()).map(Modality::code).toList()));
    }
}
