package org.oncotwin.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmallCountsTest {

    @Test
    void countsBelowTheThresholdAreHiddenAndZeroIsShown() {
        assertThat(SmallCounts.shown(List.of(3, 0, 4), 7, 5)).containsExactly("<5", "0", "<5", "7");
    }

    @Test
    void aSingleHiddenCountBesideAShownTotalHidesTheSmallestOtherToo() {
        assertThat(SmallCounts.shown(List.of(12, 3, 40), 55, 5)).containsExactly("<5", "<5", "40", "55");
    }

    @Test
    void aSmallTotalIsHiddenAndThenNothingMoreNeedsHiding() {
        assertThat(SmallCounts.shown(List.of(2, 0, 0), 2, 5)).containsExactly("<5", "0", "0", "<5");
    }

    @Test
    void nothingSmallNothingHidden() {
        assertThat(SmallCounts.shown(List.of(5, 9, 0), 14, 5)).containsExactly("5", "9", "0", "14");
    }
}
