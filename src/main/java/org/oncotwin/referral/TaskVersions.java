package org.oncotwin.referral;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.process.VariableNames;

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
        return olderThan(clients, centreId, current, null);
    }

    /** @param knownVersion versions up to this one are not read (null: read back as far as there are versions) */
    static Iterable<Task> olderThan(CentreClients clients, String centreId, Task current, Long knownVersion) {
        Long number = number(current);
        if (number == null) {
            return List.of();
        }
        long latest = number;
        String id = current.getIdElement().getIdPart();
        long oldest = Math.max(knownVersion == null ? 1 : knownVersion + 1, Math.max(1, latest - MAX_VERSIONS));
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

    static String versionOf(Task task) {
        return task.getIdElement().hasVersionIdPart() ? task.getIdElement().getVersionIdPart()
                : task.getMeta().getVersionId();
    }

    /** The Task's version as a number, or null for servers whose versions are not numbers. */
    static Long number(Task task) {
        return number(versionOf(task));
    }

    static Long number(String version) {
        try {
            return version == null ? null : Long.valueOf(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The step variables of an applied version, the status last (see TreatmentStepVariables). */
    static Map<String, Object> versionAndStatus(Task version, Task.TaskStatus status) {
        var variables = new LinkedHashMap<String, Object>();
        variables.put(VariableNames.REFERRAL_TASK_VERSION, versionOf(version));
        variables.put(VariableNames.REFERRAL_STATUS, status.toCode());
        return variables;
    }

    static List<Task> all(Iterable<Task> versions) {
        List<Task> list = new ArrayList<>();
        versions.forEach(list::add);
        return list;
    }
}
