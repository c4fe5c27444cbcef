package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pathway benchmark on a handful of pathways, in the normal test run, so that it cannot rot. Nothing is timed. */
class PathwayBenchmarkSmokeIT extends AbstractPathwayBenchmark {

    @Test
    void everyFigureIsMeasured() throws Exception {
        String report = run(new Sizes(3, 3, 2, 3, 2, Duration.ofMinutes(3), false));

        assertThat(report).contains("b/a (medians)", "3 of 3 pathways completed, 6 steps", "ratio =",
                "3 pathways started and left waiting");
    }
}
