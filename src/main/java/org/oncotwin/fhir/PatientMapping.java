package org.oncotwin.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.oncotwin.centre.Centre;
import org.oncotwin.process.PatientDetails;

/** The Patient OncoTwin writes at a centre: the twin identifier everywhere, the MRN where it was issued. */
public final class PatientMapping {

    private static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private PatientMapping() {
    }

    /** The identifier system of medical record numbers issued by a centre. */
    public static String mrnSystem(Centre centre) {
        return "urn:oncotwin:centre:" + centre.id() + ":mrn";
    }

    public static boolean hasTwinId(Patient patient, String twinId) {
        return twinId.equals(twinIdOf(patient));
    }

    /** The twin id a Patient record carries, or null. */
    public static String twinIdOf(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(i -> BusinessIdentifiers.TWIN_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst().orElse(null);
    }

    public static Patient toPatient(PatientDetails details, Centre centre, boolean withMrn) {
        Patient patient = new Patient();
        patient.addIdentifier(BusinessIdentifiers.twin(details.twinId())
                .setUse(Identifier.IdentifierUse.SECONDARY));
        if (withMrn && details.mrn() != null && !details.mrn().isBlank()) {
            patient.addIdentifier(new Identifier()
                    .setUse(Identifier.IdentifierUse.USUAL)
                    .setType(new CodeableConcept(new Coding(IDENTIFIER_TYPE, "MR", "Medical record number")))
                    .setSystem(mrnSystem(centre))
                    .setValue(details.mrn()));
        }
        patient.addName().setFamily(details.familyName()).addGiven(details.givenName());
        if (details.birthDate() != null) {
            patient.getBirthDateElement().setValueAsString(details.birthDate().toString());
        }
        patient.setGender(details.gender());
        patient.setManagingOrganization(BusinessIdentifiers.centreOrganization(centre.id(), centre.name()));
        return patient;
    }
}
