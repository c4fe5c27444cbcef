package org.oncotwin.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreDirectory;

/** The refusals of an export request, before anything reaches a centre. */
class ResearchExportsTest {

    private static final ResearchCriteria CRITERIA = new ResearchCriteria(null, null, null, null, null,
            LocalDate.of(1971, 1, 1), LocalDate.of(1975, 12, 31), null, null, null);

    private final CohortFinder finder = mock(CohortFinder.class);
    private final ExportStore store = mock(ExportStore.class);
    private final ResearchAudit audit = mock(ResearchAudit.class);

    @Test
    void withoutAPseudonymKeyNothingIsExported() {
        for (String key : new String[] {null, "", "too-short"}) {
            assertThatThrownBy(() -> exports(key).start("researcher", new ResearchExports.ExportRequest(
                    "breast-rt-2026", CRITERIA, List.of("Patient"))))
                    .isInstanceOf(NoPseudonymKeyException.class)
                    .hasMessageContaining("ONCOTWIN_RESEARCH_PSEUDONYM_KEY");
        }
        verify(finder, never()).find(any());
    }

    @Test
    void aBadProjectAndUnknownTypesAreAllNamed() {
        when(finder.validated(any())).thenReturn(CRITERIA);
        assertThatThrownBy(() -> exports("a-key-long-enough-for-tests").start("researcher",
                new ResearchExports.ExportRequest("Breast RT", CRITERIA, List.of("Patient", "Practitioner",
                        "Binary"))))
                .isInstanceOfSatisfying(InvalidExportException.class, e -> assertThat(e.problems()).hasSize(3)
                        .anyMatch(p -> p.contains("project")).anyMatch(p -> p.contains("Practitioner")));
        verify(finder, never()).find(any());
    }

    @Test
    void aCohortBelowTheSmallCountThresholdIsNotExported() {
        when(finder.validated(any())).thenReturn(CRITERIA);
        when(finder.find(any())).thenReturn(new Cohort(List.of(new Cohort.Member("t1", Map.of("leipzig", "1")),
                new Cohort.Member("t2", Map.of("leipzig", "2"))), List.of("leipzig"), Map.of()));
        assertThatThrownBy(() -> exports("a-key-long-enough-for-tests").start("researcher",
                new ResearchExports.ExportRequest("breast-rt-2026", CRITERIA, List.of("Condition"))))
                .isInstanceOf(CohortTooSmallException.class);
        verify(store, never()).created(any(), any(), any(), any(), any(), any(), any());
        verify(audit).refused(org.mockito.ArgumentMatchers.eq("researcher"), any(),
                org.mockito.ArgumentMatchers.contains("below the threshold"));
    }

    private ResearchExports exports(String key) {
        CentreDirectory centres = mock(CentreDirectory.class);
        when(centres.all()).thenReturn(List.of());
        return new ResearchExports(finder, centres, new ResearchProperties(5, 10, Duration.ofSeconds(20), 1000),
                new ExportProperties(key, Duration.ofHours(24), Duration.ofMinutes(10), Map.of()), store, audit,
                mock(SearchExportSource.class), mock(BulkDataExportSource.class), null, Clock.systemUTC());
    }
}
