package org.oncotwin.referral;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.fhir.CentreClients;

/**
 * The earlier versions of a Task, read one by one ({@code vread}), newest first, lazily. Used instead of the
 * {@code _history} interaction, whose bundle HAPI servers may size from a cached count and so miss new versions.
 * Works with numeric version ids (HAPI, most servers); for others there are no earlier versions to walk.
 */
final class TaskVersions {

    private static final int MAX_VERSIONS = 50;

    private TaskVersions() {
    }

    static Iterable<Task> olderThan(CentreClients clients, String centreId, Task current) {
        long latest;
        try {
            String version = current.getIdElement().hasVersionIdPart() ? current.getIdElement().getVersionIdPart()
                    : current.getMeta().getVersionId();
            latest = Long.parseLong(version);
        } catch (NumberFormatException e) {
            return List.of();
        }
        String id = current.getIdElement().getIdPart();
        long oldest = Math.max(1, latest - MAX_VERSIONS);
        return () -> new Iterator<>() {
            private long next = latest - 1;

            @Override
            public boolean hasNext() {
                return next >= oldest;
            }

            @Override
            public Task next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String version = Long.toString(next--);
                return clients.call(centreId, "read Task/" + id + " version " + version, client -> client.read()
                        .resource(Task.class).withIdAndVersion(id, version).execute());
            }
        };
    }

    static List<Task> all(Iterable<Task> versions) {
        List<Task> list = new ArrayList<>();
        versions.forEach(list::add);
        return list;
    }
}
