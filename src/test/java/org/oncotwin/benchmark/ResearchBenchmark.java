package org.oncotwin.benchmark;

import org.junit.jupiter.api.Test;

/**
 * {@code mvn -Pbenchmark verify -Dit.test=ResearchBenchmark}; sizes by {@code -Doncotwin.benchmark.research-patients
 * =10000 .research-rounds=5}. Figures in target/benchmarks/research.txt.
 */
class ResearchBenchmark extends AbstractResearchBenchmark {

    @Test
    void feasibilityOnTenThousandPatients() throws Exception {
        BenchmarkReport.print("research", run(new Sizes(Integer.getInteger("oncotwin.benchmark.research-patients",
                10_000), Integer.getInteger("oncotwin.benchmark.research-rounds", 5), 2001, 2010)));
    }
}
