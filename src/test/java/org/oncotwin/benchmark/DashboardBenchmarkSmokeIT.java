package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks' code on a few pathways, in the normal test run, so that it cannot rot. Nothing is timed here. */
class DashboardBenchmarkSmokeIT {

    @Test
    void dashboardBenchmarkRunsEveryQuery() throws Exception {
        var results = DashboardBenchmark.run(BenchmarkDatabase.url(), 300, 50, 2);

        assertThat(results).hasSize(10);
        assertThat(results).allSatisfy(result -> assertThat(result.p95Millis()).isPositive());
    }
}
