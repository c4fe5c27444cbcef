package org.oncotwin.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The referral watch benchmark on a handful of pathways, with a poll every 2 s and 10 s idle windows, in the normal
 * test run, so that it cannot rot. Nothing is timed.
 */
class ReferralWatchBenchmarkSmokeIT extends AbstractReferralWatchBenchmark {

    @Test
    void everyFigureIsMeasured() throws Exception {
        String report = run(new Sizes(2, Duration.ofSeconds(2), 2, Duration.ofSeconds(10), List.of(4),
                Duration.ofMinutes(3)));

        assertThat(report).contains("1. Latency", "2. FHIR calls per step", "3. Idle requests per centre",
                "4. Watcher cost", "4 open referrals").doesNotContain("NaN");
        assertThat(report).containsPattern("subscription \\(dresden\\)\\s+median\\s+\\d+ ms")
                .containsPattern("rest-hook \\(leipzig\\)\\s+median\\s+\\d+ ms")
                .containsPattern("poll \\(prague, every 2 s\\)\\s+median\\s+\\d+ ms")
                .containsPattern("at dresden \\(subscription\\): 1 of 1 steps completed")
                .containsPattern("at leipzig \\(rest-hook\\): 1 of 1 steps completed")
                .containsPattern("at prague \\(poll\\): 1 of 1 steps completed")
                .containsPattern("(?s)3\\. Idle.*dresden\\s+subscription\\s+requests at the centre\\s+\\d+")
                .containsPattern("(?s)3\\. Idle.*leipzig\\s+rest-hook\\s+requests at the centre\\s+\\d+")
                .containsPattern("(?s)3\\. Idle.*prague\\s+poll\\s+requests at the centre\\s+\\d+")
                .containsPattern("heap used after GC \\d+ MiB");
    }
}
