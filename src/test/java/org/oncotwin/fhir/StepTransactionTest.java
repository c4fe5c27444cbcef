package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;

import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class StepTransactionTest {

    private final StepContext step = new StepContext("2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11", ONCOLOGY_PATHWAY,
            "pi-1", SEND_REFERRAL, "dresden-staff");

    @Test
    void createsAreConditionalOnTheBusinessIdentifierAndReferToEachOtherByPlaceholder() {
        StepTransaction tx = new StepTransaction(step);
        Reference patient = tx.createIfAbsent("patient", new Patient(), BusinessIdentifiers.twin(step.twinId()));
        Task task = new Task();
        task.setFor(patient);
        tx.createIfAbsent("task", task, BusinessIdentifiers.pathwayResource(step, "task"));

        Bundle bundle = tx.bundleWithProvenance(new Date());

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(3);
        var patientEntry = bundle.getEntry().get(0);
        assertThat(patientEntry.getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
        assertThat(patientEntry.getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn:oncotwin:twin|" + step.twinId());
        assertThat(patientEntry.getFullUrl()).startsWith("urn:uuid:").isEqualTo(patient.getReference());
        assertThat(bundle.getEntry().get(1).getRequest().getIfNoneExist()).isEqualTo(
                "identifier=urn:oncotwin:pathway-resource|" + step.twinId() + "/pi-1/Task_SendReferral/task");
    }

    @Test
    void theProvenanceNamesEveryWriteTheStepAndTheUserAndIsTheSameWhenTheStepRepeats() {
        Bundle first = bundleOfTheSameStep();
        Bundle again = bundleOfTheSameStep();

        var entry = first.getEntry().get(first.getEntry().size() - 1);
        Provenance provenance = (Provenance) entry.getResource();
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Provenance/" + provenance.getIdElement().getIdPart());
        assertThat(provenance.getTarget()).hasSize(2);
        assertThat(provenance.getAgent()).extracting(a -> a.getWho().getIdentifier().getValue())
                .containsExactly("oncotwin", "dresden-staff");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo("pi-1");
        assertThat(again.getEntry().get(2).getRequest().getUrl()).isEqualTo(entry.getRequest().getUrl());
        assertThat(R4Validator.errors(provenance)).isEmpty();
    }

    @Test
    void updatesCarryTheVersionTheyWereReadWith() {
        StepTransaction tx = new StepTransaction(step);
        Task task = new Task();
        task.setId("Task/42/_history/3");
        tx.updateIfUnchanged("task", task);

        var entry = tx.bundleWithProvenance(new Date()).getEntry().get(0);

        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Task/42");
        assertThat(entry.getRequest().getIfMatch()).isEqualTo("W/\"3\"");
    }

    @Test
    void anUpdateWithoutTheVersionReadIsRefused() {
        Task task = new Task();
        task.setId("Task/42");
        assertThatThrownBy(() -> new StepTransaction(step).updateIfUnchanged("task", task))
                .hasMessageContaining("id and version");
    }

    @Test
    void twoUpdatesOfTheSameVersionGetTheSameProvenanceButAnotherVersionAnother() {
        assertThat(provenanceIdOfUpdate("3")).isEqualTo(provenanceIdOfUpdate("3")).isNotEqualTo(provenanceIdOfUpdate("4"));
    }

    private String provenanceIdOfUpdate(String version) {
        StepTransaction tx = new StepTransaction(step);
        Task task = new Task();
        task.setId("Task/42/_history/" + version);
        tx.updateIfUnchanged("task", task);
        var bundle = tx.bundleWithProvenance(new Date());
        return bundle.getEntry().get(1).getRequest().getUrl();
    }

    private Bundle bundleOfTheSameStep() {
        StepTransaction tx = new StepTransaction(step);
        Reference patient = tx.createIfAbsent("patient", new Patient(), BusinessIdentifiers.twin(step.twinId()));
        tx.createIfAbsent("task", new Task().setFor(patient),
                new Identifier().setSystem("urn:test").setValue("task-1"));
        return tx.bundleWithProvenance(new Date());
    }
}
