package org.oncotwin.twin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the twin's Patient records are at each centre, as last found: a twin read that knows them asks the centre
 * for {@code $everything} at once instead of searching first. Only records found are kept, and only for a few
 * minutes, so that a record a centre links or creates later is found by the next search. Bounded (least recently
 * used out).
 */
final class PatientIds {

    private static final Duration KEPT = Duration.ofMinutes(5);
    private static final int MAX_TWINS = 10_000;

    private record Found(List<String> ids, long at) {
    }

    private final Map<String, Found> byCentreAndTwin = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Found> eldest) {
            return size() > MAX_TWINS;
        }
    };

    /** The Patient ids of the twin at the centre, or null when not known (or known too long ago). */
    synchronized List<String> known(String centreId, String twinId) {
        Found found = byCentreAndTwin.get(centreId + "|" + twinId);
        if (found == null || System.nanoTime() - found.at() > KEPT.toNanos()) {
            return null;
        }
        return found.ids();
    }

    synchronized void remember(String centreId, String twinId, List<String> ids) {
        if (!ids.isEmpty()) {
            byCentreAndTwin.put(centreId + "|" + twinId, new Found(List.copyOf(ids), System.nanoTime()));
        }
    }

    synchronized void forget(String centreId, String twinId) {
        byCentreAndTwin.remove(centreId + "|" + twinId);
    }
}
