package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The twin benchmark on three patients, in the normal test run, so that it cannot rot. Nothing is timed. */
class TwinBenchmarkSmokeIT extends AbstractTwinBenchmark {

    @Test
    void everyFigureIsMeasured() throws Exception {
        String report = run(new Sizes(3, 2, List.of(3), 2));

        assertThat(report).contains("ratio twin / slowest centre =", "3 people reading twins at once",
                "partial twins: 0 of 6");
    }
}
