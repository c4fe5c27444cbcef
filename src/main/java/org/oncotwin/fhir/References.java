package org.oncotwin.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Every Reference element inside a resource (not inside contained resources). */
public final class References {

    private References() {
    }

    public static List<Reference> in(Base element) {
        List<Reference> found = new ArrayList<>();
        collect(element, found);
        return found;
    }

    private static void collect(Base element, List<Reference> found) {
        for (Property property : element.children()) {
            for (Base value : property.getValues()) {
                if (value instanceof Reference reference) {
                    found.add(reference);
                } else if (value != null && !value.isPrimitive() && !(value instanceof Resource)) {
                    collect(value, found);
                }
            }
        }
    }
}
