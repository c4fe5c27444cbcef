package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The research benchmark on a few patients, in the normal test run, so that it cannot rot. Nothing is timed. */
class ResearchBenchmarkSmokeIT extends AbstractResearchBenchmark {

    @Test
    void everyFigureIsMeasured() throws Exception {
        String report = run(new Sizes(60, 1, 1991, 1994));

        assertThat(report).contains("1. Generator: 60 patients", "p95", "ground truth", "4. Pseudonymised export");
    }
}
