package org.oncotwin.referral;

import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.FhirResponseException;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.fhir.WrittenResources;
import org.oncotwin.twin.PatientMapping;
import org.springframework.stereotype.Service;

/** Sends referrals to receiving centres and moves their Task through the FHIR R4 status flow. */
@Service
public class ReferralService {

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final FhirStepWriter writer;
    private final Clock clock;

    ReferralService(CentreDirectory centres, CentreClients clients, FhirStepWriter writer, Clock clock) {
        this.centres = centres;
        this.clients = clients;
        this.writer = writer;
        this.clock = clock;
    }

    public record SentReferral(String patientId, String serviceRequestId, String taskId) {
    }

    /** Writes Patient (if new there), ServiceRequest and Task (status requested) at the receiving centre. */
    public SentReferral send(StepContext step, Referral referral) {
        Centre from = centres.require(referral.fromCentreId());
        Centre to = centres.require(referral.toCentreId());
        Date now = Date.from(clock.instant());
        WrittenResources written = writer.write(to.id(), step, tx -> {
            Reference patient = tx.createIfAbsent("patient", PatientMapping.toPatient(referral.patient(), to, false),
                    BusinessIdentifiers.twin(referral.patient().twinId()));
            var requestIdentifier = BusinessIdentifiers.pathwayResource(step, "servicerequest-" + to.id());
            Reference request = tx.createIfAbsent("servicerequest",
                    ReferralMapping.serviceRequest(referral, requestIdentifier, patient, from, to, now),
                    requestIdentifier);
            var taskIdentifier = BusinessIdentifiers.pathwayResource(step, "task-" + to.id());
            tx.createIfAbsent("task", ReferralMapping.task(referral, taskIdentifier, request, patient, from, to, now),
                    taskIdentifier);
        });
        return new SentReferral(written.id("patient"), written.id("servicerequest"), written.id("task"));
    }

    /**
     * Moves the referral Task to {@code target}. Repeating it is a no-op; a move the status flow forbids fails with
     * {@link IllegalTaskTransitionException}; a concurrent change at the centre fails the version check and retries.
     */
    public void changeStatus(StepContext step, String centreId, String taskId, TaskStatus target, String reason) {
        Task task = read(centreId, taskId);
        if (task.getStatus() == target) {
            return;
        }
        TaskStatusFlow.requireAllowed(taskId, task.getStatus(), target);
        ReferralMapping.changeStatus(task, target, reason, Date.from(clock.instant()));
        writer.write(centreId, step, tx -> tx.updateIfUnchanged("task", task));
    }

    /** Records the Procedure of a finished step and completes the Task with it as output; returns the Procedure id. */
    public String recordOutcome(StepContext step, String centreId, String taskId, Modality modality,
                                StepOutcome outcome) {
        Centre performer = centres.require(centreId);
        Task task = read(centreId, taskId);
        var procedureIdentifier = BusinessIdentifiers.pathwayResource(step, "procedure");
        if (task.getStatus() == TaskStatus.COMPLETED) {
            return existingProcedure(centreId, procedureIdentifier);
        }
        TaskStatusFlow.requireAllowed(taskId, task.getStatus(), TaskStatus.COMPLETED);
        WrittenResources written = writer.write(centreId, step, tx -> {
            Reference procedure = tx.createIfAbsent("procedure",
                    ReferralMapping.procedure(task, modality, outcome, procedureIdentifier, performer),
                    procedureIdentifier);
            ReferralMapping.complete(task, procedure, Date.from(clock.instant()));
            tx.updateIfUnchanged("task", task);
        });
        return written.id("procedure");
    }

    private Task read(String centreId, String taskId) {
        return clients.call(centreId, "read " + taskId,
                client -> client.read().resource(Task.class).withId(taskId).execute());
    }

    private String existingProcedure(String centreId, org.hl7.fhir.r4.model.Identifier identifier) {
        Bundle found = clients.call(centreId, "search Procedure " + identifier.getValue(),
                client -> client.search().forResource(Procedure.class)
                        .where(Procedure.IDENTIFIER.exactly().systemAndIdentifier(identifier.getSystem(),
                                identifier.getValue()))
                        .returnBundle(Bundle.class).execute());
        if (found.getEntry().size() != 1) {
            throw new FhirResponseException(centreId, "referral completed but " + found.getEntry().size()
                    + " procedures carry identifier " + identifier.getValue());
        }
        return found.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
    }
}
