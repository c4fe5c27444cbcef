package org.oncotwin.centre;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The centre-selection decision on the demo directory, rule by rule. */
@Deployment(resources = "centre-selection.dmn")
class CentreSelectionTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda-unit.cfg.xml").build();

    private CentreSelection selection;

    @BeforeEach
    void setUp() {
        selection = new CentreSelection(CentreTestSupport.demoDirectory(), engine.getDecisionService());
    }

    @Test
    void theShortestWaitAmongCentresOfferingTheModalityWins() {
        assertThat(choose(Modality.RADIOTHERAPY, "DE", "routine", Set.of()).centreId()).isEqualTo("dresden");
        assertThat(choose(Modality.SURGERY, "DE", "routine", Set.of()).centreId()).isEqualTo("prague");
        assertThat(choose(Modality.IMAGING, "DE", "routine", Set.of()).centreId()).isEqualTo("leipzig");
    }

    @Test
    void aCentreThatDeclinedBeforeIsNotAskedAgain() {
        var choice = choose(Modality.RADIOTHERAPY, "DE", "routine", Set.of("dresden"));

        assertThat(choice.centreId()).isEqualTo("prague");
        assertThat(choice.candidates()).filteredOn(c -> c.centreId().equals("dresden")).singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("declined or failed this step before"));
    }

    @Test
    void aTherapyNotLicensedInTheCentresCountrySendsThePatientAbroad() {
        var choice = choose(Modality.IMMUNOTHERAPY, "CZ", "routine", Set.of());

        assertThat(choice.centreId()).as("Prague waits less but may not deliver it").isEqualTo("dresden");
        assertThat(choice.candidates()).filteredOn(c -> c.centreId().equals("prague")).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("not licensed"));
    }

    @Test
    void anUrgentReferralGoesOnlyWhereTreatmentStartsWithinTwoWeeks() {
        var choice = choose(Modality.IMMUNOTHERAPY, "CZ", "urgent", Set.of());

        assertThat(choice.centreId()).isNull();
        assertThat(choice.reason()).isEqualTo("no centre may deliver immunotherapy");
        assertThat(choose(Modality.RADIOTHERAPY, "DE", "urgent", Set.of()).centreId()).isEqualTo("dresden");
    }

    @Test
    void aCentreThatDoesNotOfferTheModalityIsNeverChosen() {
        assertThat(choose(Modality.CHEMOTHERAPY, "DE", "routine", Set.of("prague")).centreId()).isEqualTo("leipzig");
        assertThat(choose(Modality.CHEMOTHERAPY, "DE", "routine", Set.of("prague", "leipzig")).centreId()).isNull();
    }

    @Test
    void theCoordinatorsOverrideWinsAndIsRecordedWithItsReason() {
        var choice = selection.choose(Modality.RADIOTHERAPY, "DE", "routine", Set.of(), "prague",
                "patient lives near Prague");

        assertThat(choice.centreId()).isEqualTo("prague");
        assertThat(choice.overridden()).isTrue();
        assertThat(choice.reason()).isEqualTo("chosen by the coordinator: patient lives near Prague");
    }

    private CentreSelection.Choice choose(Modality modality, String country, String urgency, Set<String> excluded) {
        return selection.choose(modality, country, urgency, excluded, null, null);
    }
}
