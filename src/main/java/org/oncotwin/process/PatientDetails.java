package org.oncotwin.process;

import java.time.LocalDate;
import java.util.Objects;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;

/** Who the patient is, as the referral intake records it. The MRN is the coordinating centre's own. */
public record PatientDetails(String twinId, String mrn, String givenName, String familyName, LocalDate birthDate,
                             AdministrativeGender gender) {

    public PatientDetails {
        Objects.requireNonNull(twinId, "twinId");
        Objects.requireNonNull(familyName, "familyName");
    }
}
