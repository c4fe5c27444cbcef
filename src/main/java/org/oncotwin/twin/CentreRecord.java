package org.oncotwin.twin;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * What one centre holds about a twin, or why it could not say (down, slow, refused).
 *
 * @param resources the resources with ids relative to the centre's base URL
 */
public record CentreRecord(String centreId, String baseUrl, List<Resource> resources, String problem) {

    public boolean answered() {
        return problem == null;
    }

    public static CentreRecord missing(String centreId, String baseUrl, String problem) {
        return new CentreRecord(centreId, baseUrl, List.of(), problem);
    }
}
