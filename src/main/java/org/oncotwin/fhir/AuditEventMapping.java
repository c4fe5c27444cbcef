package org.oncotwin.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The FHIR AuditEvent of a read of patient data, in the style of IHE Basic Audit Log Patterns (BALP): who read
 * which patient, what, when, from where, for what purpose, with what outcome. Written at the coordinating centre,
 * so the hospital sees every read in its own audit trail.
 */
public final class AuditEventMapping {

    public static final String USER_SYSTEM = "urn:oncotwin:user";
    private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String AGENT_TYPE = "http://dicom.nema.org/resources/ontology/DCM";

    private AuditEventMapping() {
    }

    /**
     * @param purpose {@code TREAT} (treatment), {@code BTG} (break the glass) or {@code HOPERAT} (operations)
     * @param what what was read, e.g. "twin timeline", "pathway state"
     * @param allowed whether the read was allowed; a refused attempt is recorded too
     */
    public record PatientRead(String twinId, String userId, String clientAddress, String purpose, String what,
                              boolean allowed, String reason, Date at) {
    }

    public static AuditEvent toAuditEvent(PatientRead read) {
        AuditEvent event = new AuditEvent();
        event.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
        event.addSubtype(new Coding(INTERACTION, "read", "read"));
        event.setAction(AuditEventAction.R);
        event.setRecorded(read.at());
        event.setOutcome(read.allowed() ? AuditEventOutcome._0 : AuditEventOutcome._4);
        event.setOutcomeDesc(read.reason());
        event.addPurposeOfEvent(new CodeableConcept(new Coding(PURPOSE, read.purpose(), null)));
        var user = event.addAgent();
        user.setType(new CodeableConcept(new Coding(AGENT_TYPE, "110153", "Source Role ID")));
        user.setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(read.userId()))
                .setDisplay(read.userId()));
        user.setRequestor(true);
        if (read.clientAddress() != null) {
            user.getNetwork().setAddress(read.clientAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        event.getSource().setObserver(new Reference().setDisplay("OncoTwin")).addType(
                new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        var patient = event.addEntity();
        patient.setWhat(new Reference().setIdentifier(BusinessIdentifiers.twin(read.twinId())));
        patient.setType(new Coding(ENTITY_TYPE, "1", "Person"));
        patient.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        patient.setDescription(read.what());
        return event;
    }
}
