package org.oncotwin.benchmark;

import org.junit.jupiter.api.Test;
import org.oncotwin.benchmark.BenchmarkReport;

/** {@code mvn -Pbenchmark verify}: the pathway figures, printed and kept in target/benchmarks/pathways.txt. */
class PathwayBenchmark extends AbstractPathwayBenchmark {

    @Test
    void pathwayFigures() throws Exception {
        BenchmarkReport.print("pathways", run(Sizes.fromSystemProperties()));
    }
}
