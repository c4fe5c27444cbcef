package org.oncotwin.pathway;

import static org.oncotwin.pathway.PathwayVariables.*;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.oncotwin.twin.PatientDetails;

/** Reads the patient of a pathway from its process variables (validated when the pathway started). */
public final class PatientVariables {

    private PatientVariables() {
    }

    public static PatientDetails read(VariableScope variables) {
        String birthDate = (String) variables.getVariable(PATIENT_BIRTH_DATE);
        String gender = (String) variables.getVariable(PATIENT_GENDER);
        return new PatientDetails(
                (String) variables.getVariable(TWIN_ID),
                (String) variables.getVariable(PATIENT_MRN),
                (String) variables.getVariable(PATIENT_GIVEN_NAME),
                (String) variables.getVariable(PATIENT_FAMILY_NAME),
                birthDate == null || birthDate.isBlank() ? null : LocalDate.parse(birthDate),
                gender == null || gender.isBlank() ? AdministrativeGender.UNKNOWN : AdministrativeGender.fromCode(gender));
    }
}
