package org.oncotwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ImportPlanTest {

    @Test
    void referencesBetweenEntriesPointAtThePlaceholdersHoweverTheExportWroteThem() {
        Bundle bundle = new Bundle();
        Patient patient = new Patient();
        patient.setId("p1");
        bundle.addEntry().setFullUrl("http://h.example/fhir/Patient/p1").setResource(patient);
        List<String> styles = List.of("Patient/p1", "http://h.example/fhir/Patient/p1",
                "http://h.example/fhir/Patient/p1/_history/3", "http://other.example/fhir/Patient/p1");
        for (String style : styles) {
            bundle.addEntry().setResource(new Observation().setSubject(new Reference(style)));
        }
        Observation viaUrn = new Observation();
        bundle.addEntry().setFullUrl("urn:uuid:0000-1").setResource(viaUrn);
        bundle.addEntry().setResource(new Observation().addHasMember(new Reference("urn:uuid:0000-1")));

        ImportPlan plan = ImportPlan.of(bundle);

        String patientPlaceholder = plan.entries().get(0).placeholder();
        assertThat(plan.entries().subList(1, 5)).allSatisfy(entry -> assertThat(((Observation) entry.resource())
                .getSubject().getReference()).isEqualTo(patientPlaceholder));
        assertThat(((Observation) plan.entries().get(6).resource()).getHasMemberFirstRep().getReference())
                .isEqualTo(plan.entries().get(5).placeholder());
        assertThat(plan.resolvedReferences()).isEqualTo(5);
        assertThat(plan.keptReferences()).isEmpty();
    }

    @Test
    void aResourceThatRefersToItselfKeepsThatReferenceAsDisplayOnly() {
        Bundle bundle = new Bundle();
        bundle.addEntry().setResource(new Patient());
        Observation panel = new Observation();
        panel.setId("o1");
        panel.addHasMember(new Reference("urn:uuid:o1")).addDerivedFrom(new Reference("Observation/o1"));
        bundle.addEntry().setFullUrl("urn:uuid:o1").setResource(panel);

        ImportPlan plan = ImportPlan.of(bundle);

        Observation planned = (Observation) plan.entries().get(1).resource();
        assertThat(planned.getHasMemberFirstRep().getReference()).isNull();
        assertThat(planned.getHasMemberFirstRep().getDisplay()).isEqualTo("urn:uuid:o1 (the resource itself)");
        assertThat(planned.getDerivedFromFirstRep().getReference()).isNull();
        assertThat(plan.resolvedReferences()).isZero();
        assertThat(plan.keptReferences()).extracting(ImportPlan.KeptReference::target)
                .containsExactly("urn:uuid:o1", "Observation/o1");
    }

    @Test
    void aReferenceToALeftOutResourceIsKeptAsIdentifierAndDisplay() {
        Bundle bundle = new Bundle();
        Observation observation = new Observation();
        observation.addPerformer(new Reference("Practitioner/77"));
        observation.addPerformer(new Reference("Practitioner/78").setDisplay("Dr. Lang"));
        bundle.addEntry().setResource(observation);

        ImportPlan plan = ImportPlan.of(bundle);

        assertThat(observation.getPerformer()).allSatisfy(r -> assertThat(r.hasReference()).isFalse());
        assertThat(observation.getPerformer()).extracting(Reference::getDisplay)
                .containsExactly("Practitioner/77 (not in the import)", "Dr. Lang");
        assertThat(plan.keptReferences()).extracting(ImportPlan.KeptReference::target)
                .containsExactly("Practitioner/77", "Practitioner/78");
    }

    @Test
    void conditionalReferencesByIdentifierFindTheirEntryOrAreKeptAsTheIdentifierSearched() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:mrn").setValue("MR 42");
        bundle.addEntry().setFullUrl("urn:uuid:p").setResource(patient);
        Observation observation = new Observation().setSubject(new Reference("Patient?identifier=urn:mrn|MR%2042"));
        observation.addPerformer(new Reference("Practitioner?identifier=urn:lanr|123456789"));
        bundle.addEntry().setResource(observation);

        ImportPlan plan = ImportPlan.of(bundle);

        assertThat(observation.getSubject().getReference()).isEqualTo(plan.entries().get(0).placeholder());
        Reference performer = observation.getPerformerFirstRep();
        assertThat(performer.hasReference()).isFalse();
        assertThat(performer.getIdentifier().getSystem()).isEqualTo("urn:lanr");
        assertThat(performer.getIdentifier().getValue()).isEqualTo("123456789");
        assertThat(plan.keptReferences()).extracting(ImportPlan.KeptReference::keptAs)
                .containsExactly("identifier urn:lanr|123456789 and display");
    }

    @Test
    void messagesOfTheExportingServerAndRepeatedEntriesAreSkippedWithTheReason() {
        Bundle bundle = new Bundle();
        Patient patient = new Patient();
        patient.setId("p1");
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(patient.copy());
        bundle.addEntry().setResource(new OperationOutcome()).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        bundle.addEntry();

        ImportPlan plan = ImportPlan.of(bundle);

        assertThat(plan.entries()).hasSize(1);
        assertThat(plan.skipped()).hasSize(3).anySatisfy(s -> assertThat(s).contains("entry 1", "Patient/p1 again"))
                .anySatisfy(s -> assertThat(s).contains("entry 2", "OperationOutcome"))
                .anySatisfy(s -> assertThat(s).contains("entry 3", "no resource"));
    }
}
