package org.oncotwin.benchmark;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -Pbenchmark verify -Dit.test=TwinBenchmark}; sizes by {@code -Doncotwin.benchmark.twin-patients=30
 * .twin-rounds=40 .twin-readers=10,30 .twin-reads-each=10}. Figures in target/benchmarks/twin.txt.
 */
@Tag("centres-in-own-jvm")
class TwinBenchmark extends AbstractTwinBenchmark {

    @Test
    void twinAgainstTheCentresOwnAnswer() throws Exception {
        List<Integer> readers = Arrays.stream(System.getProperty("oncotwin.benchmark.twin-readers", "1,10,30")
                .split(",")).map(String::trim).map(Integer::valueOf).toList();
        BenchmarkReport.print("twin", run(new Sizes(Integer.getInteger("oncotwin.benchmark.twin-patients", 30),
                Integer.getInteger("oncotwin.benchmark.twin-rounds", 40), readers,
                Integer.getInteger("oncotwin.benchmark.twin-reads-each", 10))));
    }
}
