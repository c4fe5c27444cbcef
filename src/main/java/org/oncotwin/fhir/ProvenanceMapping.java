package org.oncotwin.fhir;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole;
import org.hl7.fhir.r4.model.Reference;

/** The Provenance of one step's write: what was written, by whom (OncoTwin and the user), for which pathway step. */
final class ProvenanceMapping {

    private static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    private ProvenanceMapping() {
    }

    /** The same write repeated gets the same Provenance id. */
    static String idOf(StepContext step, List<String> writeSignature) {
        return BusinessIdentifiers.deterministicId("prov", step.processInstanceId(), step.activityId(),
                String.join(",", writeSignature));
    }

    /** @param writeSignature what identifies the write, so that the same write repeated gets the same Provenance id */
    static Provenance of(StepContext step, List<Reference> targets, boolean creates, Date recorded,
                         List<String> writeSignature) {
        Provenance provenance = new Provenance();
        provenance.setId(idOf(step, writeSignature));
        // the twin's Provenance at a centre is then one search, asked alongside Patient/$everything
        provenance.getMeta().addTag(BusinessIdentifiers.TWIN_SYSTEM, step.twinId(), null);
        targets.forEach(target -> provenance.addTarget(target.copy()));
        provenance.setRecorded(recorded);
        provenance.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, creates ? "CREATE" : "UPDATE",
                creates ? "create" : "revise")));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "assembler", "Assembler")))
                .setWho(new Reference().setType("Device")
                        .setIdentifier(new Identifier().setSystem(BusinessIdentifiers.SYSTEM_DEVICE_SYSTEM)
                                .setValue("oncotwin"))
                        .setDisplay("OncoTwin pathway orchestrator"));
        if (step.actor() != null && !step.actor().isBlank()) {
            provenance.addAgent()
                    .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")))
                    .setWho(new Reference().setType("Practitioner")
                            .setIdentifier(new Identifier().setSystem(BusinessIdentifiers.USER_SYSTEM)
                                    .setValue(step.actor()))
                            .setDisplay(step.actor()));
        }
        provenance.addEntity()
                .setRole(ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference()
                        .setIdentifier(new Identifier().setSystem(BusinessIdentifiers.PROCESS_INSTANCE_SYSTEM)
                                .setValue(step.processInstanceId()))
                        .setDisplay(step.processDefinitionKey() + " / " + step.activityId()));
        return provenance;
    }
}
