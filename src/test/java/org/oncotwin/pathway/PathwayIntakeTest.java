package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;

class PathwayIntakeTest {

    private final CentreDirectory centres = PathwayModels.centres();
    private final FormRules form = PathwayModels.formRules();

    @Test
    void aCompleteIntakeIsNormalisedAndGetsATwinIdAndDefaults() {
        PathwayIntake valid = intake("  Novak ", "1961-04-23", null, null).validated(centres, form);

        assertThat(valid.twinId()).matches("[0-9a-f-]{36}");
        assertThat(valid.patientFamilyName()).isEqualTo("Novak");
        assertThat(valid.coordinatingCentre()).isEqualTo("leipzig");
        assertThat(valid.patientCountry()).isEqualTo("DE");
        assertThat(valid.urgency()).isEqualTo("routine");
    }

    @Test
    void everyProblemIsNamedInPlainWords() {
        assertThatThrownBy(() -> intake("", "2999-01-01", "atlantis", "Czechia").validated(centres, form))
                .isInstanceOfSatisfying(InvalidIntakeException.class, e -> assertThat(e.problems()).containsExactly(
                        "Family name is required",
                        "Country of residence (ISO code) has an invalid format: 'CZECHIA'",
                        "Date of birth must lie between 1900-01-01 and today",
                        "Unknown diagnostics centre 'atlantis'"));
    }

    @Test
    void theFormsLimitsHoldForTheApiToo() {
        var intake = new PathwayIntake(null, "LE-1", "Jana", "N".repeat(201), "1961-04-23", "FEMALE", null, null,
                null, "r".repeat(2001), "URGENT");
        assertThatThrownBy(() -> intake.validated(centres, form))
                .isInstanceOfSatisfying(InvalidIntakeException.class, e -> assertThat(e.problems()).containsExactly(
                        "Family name may be at most 200 characters long",
                        "Reason for referral may be at most 2000 characters long"));
    }

    @Test
    void aTwinIdThatIsNoUuidIsRefused() {
        var intake = new PathwayIntake("robert'); DROP TABLE", "LE-1", "Jana", "Novak", "1961-04-23", "female",
                null, null, null, null, null);
        assertThatThrownBy(() -> intake.validated(centres, form)).hasMessageContaining("Twin id must be a UUID");
    }

    private static PathwayIntake intake(String family, String birthDate, String diagnosticsCentre, String country) {
        return new PathwayIntake(null, "LE-000123", "Jana", family, birthDate, "female", country, null,
                diagnosticsCentre, "reason", null);
    }
}
