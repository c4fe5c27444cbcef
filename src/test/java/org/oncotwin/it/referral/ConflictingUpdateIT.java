package org.oncotwin.it.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.*;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.referral.ReferralService;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A centre changes a referral Task while OncoTwin updates it: OncoTwin's version-aware write (If-Match) is refused,
 * the centre's change is kept, and the step's retry (which reads the Task again) applies OncoTwin's change on top.
 */
class ConflictingUpdateIT extends AbstractPathwayIT {

    @Autowired
    FhirStepWriter writer;
    @Autowired
    ReferralService referrals;

    @Test
    void noUpdateIsSilentlyLost() {
        var started = startPathway("dresden");
        String step = awaitStep(started.processInstanceId());
        handOver(step);
        var dresden = records("dresden");
        Patient patient = single(dresden.search(Patient.class, "identifier=urn:oncotwin:twin|" + started.twinId()));
        Task readByOncoTwin = single(dresden.search(Task.class, "patient=" + idOf(patient)));

        Task atCentre = readByOncoTwin.copy();
        atCentre.addNote().setText("Dresden: please send the MRI images first");
        dresden.client().update().resource(atCentre).execute();

        readByOncoTwin.setStatus(TaskStatus.ACCEPTED);
        var context = new StepContext(started.twinId(), TREATMENT_STEP, step, ACCEPT_REFERRAL, "coordinator");
        assertThatThrownBy(() -> writer.write("dresden", context, tx -> tx.updateIfUnchanged("task", readByOncoTwin)))
                .isInstanceOf(CentreCallException.class)
                .hasMessageMatching("(?s).*HTTP (409|412).*not the current version.*|(?s).*HTTP 412.*");
        Task afterRefusal = dresden.client().read().resource(Task.class).withId(idOf(readByOncoTwin)).execute();
        assertThat(afterRefusal.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(afterRefusal.getNote()).extracting(n -> n.getText())
                .containsExactly("Dresden: please send the MRI images first");

        referrals.changeStatus(context, "dresden", idOf(readByOncoTwin), TaskStatus.ACCEPTED, null);
        Task merged = dresden.client().read().resource(Task.class).withId(idOf(readByOncoTwin)).execute();
        assertThat(merged.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
        assertThat(merged.getNote()).hasSize(1);
        cleanUp(started.processInstanceId());
    }
}
