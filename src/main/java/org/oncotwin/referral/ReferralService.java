package org.oncotwin.referral;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
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
import org.oncotwin.fhir.PatientMapping;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.fhir.WrittenResources;
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

    /** @param taskVersion the version of the Task with status {@code requested}; null if not known */
    public record SentReferral(String patientId, String serviceRequestId, String taskId, String taskVersion) {
    }

    /**
     * Writes Patient (if new there), ServiceRequest and Task (status requested) at the receiving centre.
     *
     * @param centresOwnRecord the centre's own record of the patient ({@code Patient/<id>}, found by
     *                         {@link PatientMatching}): it gets the twin identifier instead of a new record being made
     */
    public SentReferral send(StepContext step, Referral referral, Optional<String> centresOwnRecord) {
        Centre from = centres.require(referral.fromCentreId());
        Centre to = centres.require(referral.toCentreId());
        Date now = Date.from(clock.instant());
        Patient own = centresOwnRecord.map(id -> clients.call(to.id(), "read " + id,
                client -> client.read().resource(Patient.class).withId(id).execute())).orElse(null);
        String twinId = referral.patient().twinId();
        if (own != null && PatientMapping.twinIdOf(own) != null && !PatientMapping.hasTwinId(own, twinId)) {
            throw new IllegalStateException(centresOwnRecord.get() + " at " + to.id() + " belongs to twin "
                    + PatientMapping.twinIdOf(own) + ", not " + twinId + "; clarify with the centre");
        }
        WrittenResources written = writer.write(to.id(), step, tx -> {
            Reference patient;
            if (own == null) {
                patient = tx.createIfAbsent("patient", PatientMapping.toPatient(referral.patient(), to, false),
                        BusinessIdentifiers.twin(twinId));
            } else if (PatientMapping.hasTwinId(own, twinId)) {
                patient = new Reference("Patient/" + own.getIdElement().getIdPart());
            } else {
                own.addIdentifier(BusinessIdentifiers.twin(twinId).setUse(Identifier.IdentifierUse.SECONDARY));
                patient = tx.updateIfUnchanged("patient", own);
            }
            var requestIdentifier = BusinessIdentifiers.pathwayResource(step, "servicerequest-" + to.id());
            Reference request = tx.createIfAbsent("servicerequest",
                    ReferralMapping.serviceRequest(referral, requestIdentifier, patient, from, to, now),
                    requestIdentifier);
            var taskIdentifier = BusinessIdentifiers.pathwayResource(step, "task-" + to.id());
            Reference task = tx.createIfAbsent("task",
                    ReferralMapping.task(referral, taskIdentifier, request, patient, from, to, now), taskIdentifier);
            if (referral.handover() != null && !referral.handover().isEmpty()) {
                var handoverIdentifier = BusinessIdentifiers.pathwayResource(step, "handover-" + to.id());
                tx.createIfAbsent("handover", ReferralMapping.handover(referral, handoverIdentifier, task, request,
                        patient, from, to, now), handoverIdentifier);
            }
        });
        // a repeated send (the job ran again after a crash) finds the Task it wrote, which the centre may have moved on
        // since: only its first version is known to be "requested"; otherwise the watcher reads the history
        String taskVersion = "1".equals(written.version("task")) ? "1" : null;
        String patientId = own != null && !written.idsByKey().containsKey("patient")
                ? "Patient/" + own.getIdElement().getIdPart() : written.id("patient");
        return new SentReferral(patientId, written.id("servicerequest"), written.id("task"), taskVersion);
    }

    /**
     * Moves the referral Task to {@code target}. Repeating it is a no-op; a move the status flow forbids fails with
     * {@link IllegalTaskTransitionException}; a concurrent change at the centre fails the version check and retries.
     *
     * @return the Task's version with the target status
     */
    public String changeStatus(StepContext step, String centreId, String taskId, TaskStatus target, String reason) {
        return changeStatus(step, centreId, taskId, target, reason, null);
    }

    /**
     * As {@link #changeStatus(StepContext, String, String, TaskStatus, String)}; with a {@code noticeTopic}, the centre
     * is also told in a Communication about the Task, written in the same transaction (so a repeated run that finds
     * the status already set writes neither again).
     */
    public String changeStatus(StepContext step, String centreId, String taskId, TaskStatus target, String reason,
                               String noticeTopic) {
        Task task = read(centreId, taskId);
        if (task.getStatus() == target) {
            return TaskVersions.versionOf(task);
        }
        TaskStatusFlow.requireAllowed(taskId, task.getStatus(), target);
        var noticeIdentifier = BusinessIdentifiers.pathwayResource(step, "notice-" + centreId + "-"
                + task.getIdElement().getIdPart() + "-v" + TaskVersions.versionOf(task));
        Date now = Date.from(clock.instant());
        ReferralMapping.changeStatus(task, target, reason, now);
        return writer.write(centreId, step, tx -> {
            tx.updateIfUnchanged("task", task);
            if (noticeTopic != null) {
                tx.createIfAbsent("notice", ReferralMapping.statusNotice(task, noticeIdentifier, noticeTopic, reason,
                        now), noticeIdentifier);
            }
        }).version("task");
    }

    /** The referral Task's status at its centre now. */
    public TaskStatus currentStatus(String centreId, String taskId) {
        return read(centreId, taskId).getStatus();
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

    /**
     * What the centre reported when it completed the Task in its own system: the references of the Task's outputs
     * (e.g. its Procedure and Observations).
     */
    public List<String> outcomeReferences(String centreId, String taskId) {
        Task task = read(centreId, taskId);
        if (task.getStatus() != TaskStatus.COMPLETED) {
            throw new IllegalTaskTransitionException(taskId, task.getStatus(), TaskStatus.COMPLETED);
        }
        return ReferralMapping.outputReferences(task);
    }

    /**
     * Cancels every open referral OncoTwin sent for the twin, at every centre (the patient withdrew).
     *
     * @return the ids of the cancelled Tasks, as centre/Task/id
     */
    public List<String> cancelOpenReferrals(StepContext step, String reason, String noticeTopic) {
        List<String> cancelled = new ArrayList<>();
        for (Centre centre : centres.all()) {
            Bundle found = clients.call(centre.id(), "search open referrals of twin " + step.twinId(),
                    client -> client.search().byUrl("Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM
                                    + "|&patient.identifier=" + BusinessIdentifiers.TWIN_SYSTEM + "|" + step.twinId()
                                    + "&_count=200")
                            .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
            for (var entry : found.getEntry()) {
                Task task = (Task) entry.getResource();
                if (TaskStatusFlow.isOpen(task.getStatus())) {
                    String taskId = task.getIdElement().toUnqualifiedVersionless().getValue();
                    changeStatus(step, centre.id(), taskId, TaskStatus.CANCELLED, reason, noticeTopic);
                    cancelled.add(centre.id() + "/" + taskId);
                }
            }
        }
        return cancelled;
    }

    private Task read(String centreId, String taskId) {
        return clients.call(centreId, "read " + taskId,
                client -> client.read().resource(Task.class).withId(taskId).execute());
    }

    private String existingProcedure(String centreId, Identifier identifier) {
        Bundle found = clients.call(centreId, "search Procedure " + identifier.getValue(),
                client -> client.search().forResource(Procedure.class)
                        .where(Procedure.IDENTIFIER.exactly().systemAndIdentifier(identifier.getSystem(),
                                identifier.getValue()))
                        .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        if (found.getEntry().size() != 1) {
            throw new FhirResponseException(centreId, "referral completed but " + found.getEntry().size()
                    + " procedures carry identifier " + identifier.getValue());
        }
        return found.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
    }
}
