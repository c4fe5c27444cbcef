package org.oncotwin.research;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Small-count suppression: a count from 1 to threshold − 1 is shown as "&lt;threshold". When exactly one centre's
 * count is suppressed and the total is shown, the smallest other count is suppressed too, so that no count can be
 * worked out as the total minus the others.
 */
final class SmallCounts {

    private SmallCounts() {
    }

    /** @return for each of {@code parts}, then the total: the count as shown */
    static List<String> shown(List<Integer> parts, int total, int threshold) {
        List<Boolean> hidden = new ArrayList<>();
        parts.forEach(count -> hidden.add(small(count, threshold)));
        boolean totalHidden = small(total, threshold);
        if (!totalHidden && hidden.stream().filter(h -> h).count() == 1) {
            parts.stream().filter(count -> count > 0 && !small(count, threshold))
                    .min(Comparator.naturalOrder())
                    .ifPresent(smallest -> hidden.set(indexOfShown(parts, hidden, smallest), true));
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            shown.add(hidden.get(i) ? "<" + threshold : Integer.toString(parts.get(i)));
        }
        shown.add(totalHidden ? "<" + threshold : Integer.toString(total));
        return shown;
    }

    private static int indexOfShown(List<Integer> parts, List<Boolean> hidden, int count) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == count && !hidden.get(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no shown count " + count);
    }

    private static boolean small(int count, int threshold) {
        return count > 0 && count < threshold;
    }
}
