package org.oncotwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverDraftTest {

    private static TimelineEvent event(String at, String centre, String kind, String title, String status) {
        return new TimelineEvent(Instant.parse(at), centre, kind, title, status, centre + "/x");
    }

    @Test
    void theDraftSummarisesDiagnosisTreatmentAndMedicationAndListsTheLatestFindingsFirst() {
        var timeline = List.of(
                event("2026-10-02T00:00:00Z", "prague", "diagnosis", "Malignant neoplasm of breast", "active"),
                event("2026-10-05T00:00:00Z", "prague", "finding", "HER2: negative", "final"),
                event("2026-10-20T00:00:00Z", "prague", "finding", "Ki-67: 25 %", "final"),
                event("2026-11-03T00:00:00Z", "leipzig", "procedure", "Excision of breast lesion", "completed"),
                event("2026-11-04T00:00:00Z", "leipzig", "medication", "Letrozole", "active"),
                event("2026-09-01T00:00:00Z", "leipzig", "medication", "Tamoxifen", "stopped"),
                event("2026-11-05T00:00:00Z", "leipzig", "care-plan", "Oncology pathway", "active"));

        var draft = HandoverDraft.of(timeline, List.of("dresden")).orElseThrow();

        assertThat(draft.clinicalSummary()).contains("not answered: dresden",
                "Diagnosis: Malignant neoplasm of breast (2026-10-02, prague)",
                "Treatment so far: Excision of breast lesion (2026-11-03, leipzig)", "Medication: Letrozole")
                .doesNotContain("Tamoxifen", "Oncology pathway");
        assertThat(draft.relevantFindings().lines().toList()).containsExactly(
                "2026-10-20 Ki-67: 25 % (prague)", "2026-10-05 HER2: negative (prague)");
    }

    @Test
    void aTwinWithNothingClinicalDraftsNothing() {
        assertThat(HandoverDraft.of(List.of(event("2026-11-05T00:00:00Z", "leipzig", "care-plan", "Plan", "active")),
                List.of())).isEmpty();
    }
}
