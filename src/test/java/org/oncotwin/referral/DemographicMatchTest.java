package org.oncotwin.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.PatientDetails;

class DemographicMatchTest {

    private static final PatientDetails JANA = new PatientDetails("twin-1", "LE-1", "Jana Marie", "Nováková",
            LocalDate.of(1961, 4, 23), AdministrativeGender.FEMALE);

    private static Patient record(String given, String family, String birthDate, AdministrativeGender gender) {
        Patient patient = new Patient();
        var name = patient.addName().setFamily(family);
        for (String part : given.split(" ")) {
            name.addGiven(part);
        }
        patient.getBirthDateElement().setValueAsString(birthDate);
        patient.setGender(gender);
        return patient;
    }

    @Test
    void theSamePersonWithNoiseIsProbable() {
        assertThat(DemographicMatch.probable(JANA, record("Jana Marie", "Novakova", "1961-04-23",
                AdministrativeGender.FEMALE))).as("accents").isPresent();
        assertThat(DemographicMatch.probable(JANA, record("Marie Jana", "Nováková", "1961-04-23",
                AdministrativeGender.FEMALE))).as("given names swapped").isPresent();
        assertThat(DemographicMatch.probable(JANA, record("Jana", "Novákova", "1961-04-23", null)))
                .as("one given name, a typo, no sex").isPresent();
        assertThat(DemographicMatch.probable(JANA, record("Jnaa", "Noávková", "1961-04-23",
                AdministrativeGender.FEMALE))).as("letters swapped").isPresent();
        assertThat(DemographicMatch.probable(JANA, record("Nováková", "Jana", "1961-04-23",
                AdministrativeGender.FEMALE))).as("family and given swapped").isPresent();
    }

    @Test
    void anotherPersonIsNot() {
        assertThat(DemographicMatch.probable(JANA, record("Jana Marie", "Nováková", "1961-04-24",
                AdministrativeGender.FEMALE))).as("another birth date").isEmpty();
        assertThat(DemographicMatch.probable(JANA, record("Jana Marie", "Nováková", "1961-04-23",
                AdministrativeGender.MALE))).as("another sex").isEmpty();
        assertThat(DemographicMatch.probable(JANA, record("Petra", "Nováková", "1961-04-23",
                AdministrativeGender.FEMALE))).as("a sister born the same day").isEmpty();
        assertThat(DemographicMatch.probable(JANA, record("Jana", "Svobodová", "1961-04-23",
                AdministrativeGender.FEMALE))).as("another family").isEmpty();
        assertThat(DemographicMatch.probable(JANA, record("Jana", "Novák", "1961-04-23",
                AdministrativeGender.FEMALE))).as("too different").isEmpty();
    }

    @Test
    void typosAllowedGrowWithTheName() {
        assertThat(DemographicMatch.alike("novak", "nowak")).isTrue();
        assertThat(DemographicMatch.alike("novak", "nowik")).isFalse();
        assertThat(DemographicMatch.alike("novakova", "nowakowa")).isTrue();
        assertThat(DemographicMatch.alike("ab", "")).isFalse();
    }

    @Test
    void theComparisonPutsThePatientAndTheRecordsSideBySide() {
        var table = FindPatientAtCentreDelegate.comparison(JANA, java.util.List.of(
                new IdentityMatch.Candidate("Patient/7", "Jana Novakova", "1961-04-23", "female", "MRN 4711",
                        "Hlavní 1 Praha", "same birth date, similar family name, same given name")));
        assertThat(table.lines().toList()).hasSize(8);
        assertThat(table).contains("| Name | Jana Marie Nováková | Jana Novakova |", "Record 1 (Patient/7)",
                "| Identifiers | MRN LE-1 | MRN 4711 |");
    }
}
