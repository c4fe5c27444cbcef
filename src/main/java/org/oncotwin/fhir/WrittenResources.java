package org.oncotwin.fhir;

import java.util.Map;
import org.hl7.fhir.r4.model.IdType;

/** The server ids (type/id and version, where the server tells it) of what a step transaction wrote, by entry key. */
public record WrittenResources(String centreId, Map<String, IdType> idsByKey, IdType provenanceId) {

    public String id(String key) {
        IdType id = idsByKey.get(key);
        if (id == null) {
            throw new IllegalArgumentException("No entry '" + key + "' was written");
        }
        return id.toUnqualifiedVersionless().getValue();
    }

    /** The version the entry has at the server after the transaction, or null if the server did not say. */
    public String version(String key) {
        IdType id = idsByKey.get(key);
        if (id == null) {
            throw new IllegalArgumentException("No entry '" + key + "' was written");
        }
        return id.getVersionIdPart();
    }
}
