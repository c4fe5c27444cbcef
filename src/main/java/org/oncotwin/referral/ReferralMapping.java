package org.oncotwin.referral;

import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskPriority;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;

/** The FHIR resources of a referral (ServiceRequest + Task at the receiving centre) and of its outcome (Procedure). */
final class ReferralMapping {

    private static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
    private static final String TASK_OUTPUT_TYPE = "urn:oncotwin:task-output";

    private ReferralMapping() {
    }

    static ServiceRequest serviceRequest(Referral referral, Identifier identifier, Reference patient, Centre from,
                                         Centre to, Date authoredOn) {
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier(identifier);
        request.setStatus(ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequestIntent.ORDER);
        request.setPriority(referral.urgent() ? ServiceRequestPriority.URGENT : ServiceRequestPriority.ROUTINE);
        request.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005",
                "Patient referral")));
        request.setCode(referral.modality().toCodeableConcept());
        request.setSubject(patient);
        request.setAuthoredOn(authoredOn);
        request.setRequester(BusinessIdentifiers.centreOrganization(from.id(), from.name()));
        request.addPerformer(BusinessIdentifiers.centreOrganization(to.id(), to.name()));
        request.addBasedOn(carePlan(referral, from));
        if (referral.reason() != null && !referral.reason().isBlank()) {
            request.addReasonCode(new CodeableConcept().setText(referral.reason()));
        }
        if (referral.selectionNote() != null && !referral.selectionNote().isBlank()) {
            request.addNote(new Annotation().setText("Centre selection: " + referral.selectionNote()));
        }
        return request;
    }

    /** The referring physician's handover, as a Communication about the referral Task. */
    static Communication handover(Referral referral, Identifier identifier, Reference task, Reference serviceRequest,
                                  Reference patient, Centre from, Centre to, Date sent) {
        Communication communication = new Communication();
        communication.addIdentifier(identifier);
        communication.setStatus(Communication.CommunicationStatus.COMPLETED);
        communication.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/communication-category", "notification", "Notification")));
        communication.setSubject(patient);
        communication.addAbout(task);
        communication.addBasedOn(serviceRequest);
        communication.setSent(sent);
        communication.setSender(BusinessIdentifiers.centreOrganization(from.id(), from.name()));
        communication.addRecipient(BusinessIdentifiers.centreOrganization(to.id(), to.name()));
        communication.setTopic(new CodeableConcept().setText("Handover: " + referral.modality().display()));
        Referral.Handover handover = referral.handover();
        addPayload(communication, "Clinical summary", handover.clinicalSummary());
        addPayload(communication, "Reason for referral", referral.reason());
        addPayload(communication, "Urgency", referral.urgent() ? "urgent" : "routine");
        addPayload(communication, "Relevant findings", handover.relevantFindings());
        addPayload(communication, "Open questions", handover.openQuestions());
        return communication;
    }

    private static void addPayload(Communication communication, String label, String text) {
        if (text != null && !text.isBlank()) {
            communication.addPayload().setContent(new StringType(label + ": " + text));
        }
    }

    static Task task(Referral referral, Identifier identifier, Reference serviceRequest, Reference patient,
                     Centre from, Centre to, Date authoredOn) {
        Task task = new Task();
        task.addIdentifier(identifier);
        task.setStatus(TaskStatus.REQUESTED);
        task.setIntent(TaskIntent.ORDER);
        task.setPriority(referral.urgent() ? TaskPriority.URGENT : TaskPriority.ROUTINE);
        task.setCode(new CodeableConcept(new Coding(TASK_CODE, "fulfill", "Fulfill the focal request")));
        task.setDescription(referral.modality().display() + " at " + to.name());
        task.setFocus(serviceRequest);
        task.setFor(patient);
        task.addBasedOn(carePlan(referral, from));
        task.setAuthoredOn(authoredOn);
        task.setLastModified(authoredOn);
        task.setRequester(BusinessIdentifiers.centreOrganization(from.id(), from.name()));
        task.setOwner(BusinessIdentifiers.centreOrganization(to.id(), to.name()));
        if (referral.acceptBy() != null) {
            task.getRestriction().setPeriod(new Period().setEnd(Date.from(referral.acceptBy())));
        }
        return task;
    }

    static void changeStatus(Task task, TaskStatus status, String reason, Date when) {
        task.setStatus(status);
        task.setLastModified(when);
        // the reason explains the status it came with; an earlier one would mislead
        task.setStatusReason(reason == null || reason.isBlank() ? null : new CodeableConcept().setText(reason));
    }

    /**
     * What the coordinating centre tells the receiving centre along with a status change of its referral (on hold,
     * resumed, withdrawn): a Communication about the Task, from the Task's requester to its owner, with the reason.
     */
    static Communication statusNotice(Task task, Identifier identifier, String topic, String reason, Date sent) {
        Communication communication = new Communication();
        communication.addIdentifier(identifier);
        communication.setStatus(Communication.CommunicationStatus.COMPLETED);
        communication.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/communication-category", "notification", "Notification")));
        communication.setSubject(task.getFor());
        communication.addAbout(new Reference(task.getIdElement().toUnqualifiedVersionless().getValue()));
        task.getBasedOn().forEach(communication::addBasedOn);
        communication.setSent(sent);
        communication.setSender(task.getRequester());
        communication.addRecipient(task.getOwner());
        communication.setTopic(new CodeableConcept().setText(topic + ": " + task.getDescription()));
        addPayload(communication, topic, reason == null || reason.isBlank() ? "no reason given" : reason);
        return communication;
    }

    /** The references a centre reported as the Task's outputs (its Procedure, Observations, ...). */
    static List<String> outputReferences(Task task) {
        return task.getOutput().stream()
                .filter(output -> output.getValue() instanceof Reference)
                .map(output -> ((Reference) output.getValue()).getReference())
                .filter(Objects::nonNull)
                .toList();
    }

    static void complete(Task task, Reference procedure, Date when) {
        changeStatus(task, TaskStatus.COMPLETED, null, when);
        task.addOutput()
                .setType(new CodeableConcept(new Coding(TASK_OUTPUT_TYPE, "procedure", "Procedure performed")))
                .setValue(procedure);
    }

    static Procedure procedure(Task task, Modality modality, StepOutcome outcome, Identifier identifier,
                               Centre performer) {
        Procedure procedure = new Procedure();
        procedure.addIdentifier(identifier);
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        CodeableConcept code = modality.toCodeableConcept();
        if (outcome.procedurePerformed() != null && !outcome.procedurePerformed().isBlank()) {
            code.setText(outcome.procedurePerformed());
        }
        procedure.setCode(code);
        procedure.setSubject(task.getFor());
        procedure.addBasedOn(task.getFocus());
        if (outcome.performedOn() != null) {
            procedure.getPerformedDateTimeType().setValueAsString(outcome.performedOn().toString());
        }
        procedure.addPerformer().setActor(BusinessIdentifiers.centreOrganization(performer.id(), performer.name()));
        if (outcome.keyFindings() != null && !outcome.keyFindings().isBlank()) {
            procedure.addNote(new Annotation().setText(outcome.keyFindings()));
        }
        return procedure;
    }

    private static Reference carePlan(Referral referral, Centre coordinating) {
        return new Reference().setType("CarePlan")
                .setIdentifier(new Identifier().setSystem(BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM)
                        .setValue(referral.carePlanIdentifierValue()))
                .setDisplay("Oncology pathway at " + coordinating.name());
    }
}
