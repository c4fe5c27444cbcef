package org.oncotwin.benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.oncotwin.benchmark.BenchmarkReport;

/** {@code mvn -Pbenchmark verify}: the pathway figures, printed and kept in target/benchmarks/pathways.txt. */
@Tag("centres-in-own-jvm")
class PathwayBenchmark extends AbstractPathwayBenchmark {

    @Test
    void pathwayFigures() throws Exception {
        BenchmarkReport.print("pathways", run(Sizes.fromSystemProperties()));
    }
}
