package org.oncotwin.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;

class PathwayIntakeTest {

    private final CentreDirectory centres = OncologyPathwayProcessTest.centres();

    @Test
    void aCompleteIntakeIsNormalisedAndGetsATwinId() {
        PathwayIntake valid = intake("  Novak ", "1961-04-23", "dresden", "Radiotherapy").validated(centres);

        assertThat(valid.twinId()).matches("[0-9a-f-]{36}");
        assertThat(valid.patientFamilyName()).isEqualTo("Novak");
        assertThat(valid.modality()).isEqualTo("radiotherapy");
        assertThat(valid.coordinatingCentre()).isEqualTo("leipzig");
        assertThat(valid.urgency()).isEqualTo("routine");
    }

    @Test
    void everyProblemIsNamedInPlainWords() {
        assertThatThrownBy(() -> intake("", "2999-01-01", "leipzig", "reiki").validated(centres))
                .isInstanceOfSatisfying(InvalidIntakeException.class, e -> assertThat(e.problems()).containsExactly(
                        "Family name is required",
                        "Date of birth must lie between 1900-01-01 and today",
                        "Receiving centre must differ from the coordinating centre",
                        "Unknown modality 'reiki'; known: [surgery, radiotherapy, chemotherapy]"));
    }

    @Test
    void aTwinIdThatIsNoUuidIsRefused() {
        var intake = new PathwayIntake("robert'); DROP TABLE", "LE-1", "Jana", "Novak", "1961-04-23", "female",
                null, "dresden", "surgery", null, null);
        assertThatThrownBy(() -> intake.validated(centres)).hasMessageContaining("Twin id must be a UUID");
    }

    private static PathwayIntake intake(String family, String birthDate, String receiving, String modality) {
        return new PathwayIntake(null, "LE-000123", "Jana", family, birthDate, "female", null, receiving, modality,
                "reason", null);
    }
}
