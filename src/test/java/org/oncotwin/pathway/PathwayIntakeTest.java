package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;

class PathwayIntakeTest {

    private final CentreDirectory centres = PathwayModels.centres();

    @Test
    void aCompleteIntakeIsNormalisedAndGetsATwinIdAndDefaults() {
        PathwayIntake valid = intake("  Novak ", "1961-04-23", null, null).validated(centres);

        assertThat(valid.twinId()).matches("[0-9a-f-]{36}");
        assertThat(valid.patientFamilyName()).isEqualTo("Novak");
        assertThat(valid.coordinatingCentre()).isEqualTo("leipzig");
        assertThat(valid.patientCountry()).isEqualTo("DE");
        assertThat(valid.urgency()).isEqualTo("routine");
    }

    @Test
    void everyProblemIsNamedInPlainWords() {
        assertThatThrownBy(() -> intake("", "2999-01-01", "atlantis", "Czechia").validated(centres))
                .isInstanceOfSatisfying(InvalidIntakeException.class, e -> assertThat(e.problems()).containsExactly(
                        "Family name is required",
                        "Date of birth must lie between 1900-01-01 and today",
                        "Unknown diagnostics centre 'atlantis'",
                        "Country must be a two-letter ISO code such as DE or CZ"));
    }

    @Test
    void aTwinIdThatIsNoUuidIsRefused() {
        var intake = new PathwayIntake("robert'); DROP TABLE", "LE-1", "Jana", "Novak", "1961-04-23", "female",
                null, null, null, null, null);
        assertThatThrownBy(() -> intake.validated(centres)).hasMessageContaining("Twin id must be a UUID");
    }

    private static PathwayIntake intake(String family, String birthDate, String diagnosticsCentre, String country) {
        return new PathwayIntake(null, "LE-000123", "Jana", family, birthDate, "female", country, null,
                diagnosticsCentre, "reason", null);
    }
}
