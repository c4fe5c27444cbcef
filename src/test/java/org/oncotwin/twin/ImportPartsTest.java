package org.oncotwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class ImportPartsTest {

    @Test
    void whatIsReferredToIsWrittenInTheSamePartOrBefore() {
        List<ImportPlan.Entry> entries = new ArrayList<>();
        // the panel comes first in the export, the members and the patient after it
        Observation panel = new Observation();
        entries.add(entry(0, panel));
        for (int i = 1; i <= 5; i++) {
            Observation member = new Observation().setSubject(new Reference("urn:uuid:patient"));
            panel.addHasMember(new Reference("urn:uuid:" + i));
            entries.add(entry(i, member));
        }
        entries.add(new ImportPlan.Entry(6, new Patient(), "urn:uuid:patient"));

        List<List<ImportPlan.Entry>> parts = ImportParts.of(entries, 2);

        assertThat(parts).allSatisfy(part -> assertThat(part).hasSizeLessThanOrEqualTo(2));
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(7);
        assertThat(parts.get(0).get(0).index()).as("the patient first").isEqualTo(6);
        assertThat(parts.get(parts.size() - 1)).extracting(ImportPlan.Entry::index).contains(0);
    }

    @Test
    void resourcesReferringToEachOtherInACircleStayTogetherAndALongChainDoesNotOverflow() {
        List<ImportPlan.Entry> entries = new ArrayList<>();
        Observation a = new Observation().addDerivedFrom(new Reference("urn:uuid:1"));
        Observation b = new Observation().addDerivedFrom(new Reference("urn:uuid:2"));
        Observation c = new Observation().addDerivedFrom(new Reference("urn:uuid:0"));
        entries.add(entry(0, a));
        entries.add(entry(1, b));
        entries.add(entry(2, c));
        // a chain of 20,000: each refers to the next
        for (int i = 3; i < 20_003; i++) {
            Observation link = new Observation();
            if (i < 20_002) {
                link.addDerivedFrom(new Reference("urn:uuid:" + (i + 1)));
            }
            entries.add(entry(i, link));
        }

        List<List<ImportPlan.Entry>> parts = ImportParts.of(entries, 2);

        List<Integer> order = parts.stream().flatMap(List::stream).map(ImportPlan.Entry::index).toList();
        assertThat(order.get(order.size() - 1)).as("the head of the chain last").isEqualTo(3);
        assertThat(order.indexOf(20_002)).as("its end first").isLessThan(order.indexOf(20_001));
        assertThat(parts).anySatisfy(part -> assertThat(part).extracting(ImportPlan.Entry::index)
                .containsExactly(0, 1, 2));
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(20_003);
    }

    private static ImportPlan.Entry entry(int index, Resource resource) {
        return new ImportPlan.Entry(index, resource, "urn:uuid:" + index);
    }
}
