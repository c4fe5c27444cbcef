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

    @Test
    void consentDecisionsAreNormalisedAndDatedTodayByDefault() {
        var intake = new PathwayIntake(null, "LE-1", "Jana", "Novak", "1961-04-23", "female", null, null, null, null,
                null, " Permit ", "deny", null);

        PathwayIntake valid = intake.validated(centres, form);

        assertThat(valid.consentCareSharing()).isEqualTo("permit");
        assertThat(valid.consentResearch()).isEqualTo("deny");
        assertThat(valid.consentDate()).isEqualTo(java.time.LocalDate.now().toString());
        assertThat(valid.toVariables()).containsEntry("consentResearch", "deny");
    }

    @Test
    void notAskedMeansNoDecisionAndNoDate() {
        PathwayIntake valid = intake("Novak", "1961-04-23", null, null).validated(centres, form);

        assertThat(valid.consentCareSharing()).isNull();
        assertThat(valid.consentResearch()).isNull();
        assertThat(valid.consentDate()).isNull();
    }

    @Test
    void aConsentAnswerOtherThanPermitOrDenyAndADateInTheFutureAreRefused() {
        var intake = new PathwayIntake(null, "LE-1", "Jana", "Novak", "1961-04-23", "female", null, null, null, null,
                null, "maybe", "yes", java.time.LocalDate.now().plusDays(1).toString());
        assertThatThrownBy(() -> intake.validated(centres, form))
                .isInstanceOfSatisfying(InvalidIntakeException.class, e -> assertThat(e.problems()).containsExactly(
                        "Sharing of the patient's data for care across the network's centres must be one of "
                                + "[permit, deny]",
                        "Use of the patient's data for research (broad consent) must be one of [permit, deny]",
                        "Date of the consent decisions may not lie in the future"));
        var badDate = new PathwayIntake(null, "LE-1", "Jana", "Novak", "1961-04-23", "female", null, null, null,
                null, null, null, "permit", "30.11.2026");
        assertThatThrownBy(() -> badDate.validated(centres, form)).hasMessageContaining(
                "Date of the consent decisions must be a date like 2026-12-01, was '30.11.2026'");
    }

    private static PathwayIntake intake(String family, String birthDate, String diagnosticsCentre, String country) {
        return new PathwayIntake(null, "LE-000123", "Jana", family, birthDate, "female", country, null,
                diagnosticsCentre, "reason", null);
    }
}
