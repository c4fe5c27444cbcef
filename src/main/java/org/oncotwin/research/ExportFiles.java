package org.oncotwin.research;

import ca.uhn.fhir.parser.IParser;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The NDJSON files of one export as they grow: one line per pseudonymised resource, written to the store in parts.
 * A patient with records at several centres becomes one Patient line. Safe for the centres writing at once.
 */
final class ExportFiles {

    static final int PART_SIZE = 900_000;

    private final String exportId;
    private final ExportStore store;
    private final IParser parser;
    private final Map<String, StringBuilder> open = new HashMap<>();
    private final Map<String, Integer> parts = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Set<String> written = new HashSet<>();

    ExportFiles(String exportId, ExportStore store, IParser parser, List<String> types) {
        this.exportId = exportId;
        this.store = store;
        this.parser = parser.setPrettyPrint(false);
        types.forEach(type -> counts.put(type, 0));
    }

    synchronized void add(Resource resource) {
        String type = resource.fhirType();
        if (!counts.containsKey(type) || !written.add(type + "/" + resource.getIdElement().getIdPart())) {
            return; // another type than asked for (an $export may add some), or the patient already written
        }
        StringBuilder file = open.computeIfAbsent(type, t -> new StringBuilder());
        file.append(parser.encodeResourceToString(resource)).append('\n');
        counts.merge(type, 1, Integer::sum);
        if (file.length() >= PART_SIZE) {
            flush(type);
        }
    }

    synchronized void close() {
        List.copyOf(open.keySet()).forEach(this::flush);
    }

    synchronized Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    synchronized int patients() {
        return counts.getOrDefault(Patient.class.getSimpleName(), 0);
    }

    private void flush(String type) {
        StringBuilder file = open.remove(type);
        if (file == null || file.isEmpty()) {
            return;
        }
        int seq = parts.merge(type, 1, Integer::sum);
        store.part(exportId, type, seq, (int) file.chars().filter(c -> c == '\n').count(), file.toString());
    }
}
