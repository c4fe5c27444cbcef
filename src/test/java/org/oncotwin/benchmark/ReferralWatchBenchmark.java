package org.oncotwin.benchmark;

import org.junit.jupiter.api.Test;

/** {@code mvn -Pbenchmark verify}: the referral watcher figures, printed and kept in target/benchmarks/referral-watch.txt. */
class ReferralWatchBenchmark extends AbstractReferralWatchBenchmark {

    @Test
    void referralWatchFigures() throws Exception {
        BenchmarkReport.print("referral-watch", run(Sizes.fromSystemProperties()));
    }
}
