package org.oncotwin.pathway;

import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.fhir.WrittenResources;
import org.oncotwin.fhir.ConsentMapping;
import org.oncotwin.process.ConsentDecision;
import org.oncotwin.process.PatientDetails;
import org.springframework.beans.factory.annotation.Value;
import org.oncotwin.fhir.PatientMapping;
import org.springframework.stereotype.Service;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;

/** Registers the patient and the pathway's CarePlan at the coordinating centre, and closes the plan at the end. */
@Service
public class CarePlanService {

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final FhirStepWriter writer;
    private final Clock clock;
    private final String researchConsentPolicy;

    CarePlanService(CentreDirectory centres, CentreClients clients, FhirStepWriter writer, Clock clock,
                    @Value("${oncotwin.research.consent-policy:" + ConsentMapping.MII_BROAD_CONSENT_POLICY + "}")
                    String researchConsentPolicy) {
        this.centres = centres;
        this.clients = clients;
        this.writer = writer;
        this.clock = clock;
        this.researchConsentPolicy = researchConsentPolicy;
    }

    public record Registration(String patientId, String carePlanId, String carePlanIdentifier) {
    }

    /** As {@link #register(StepContext, String, PatientDetails, List, List)}, without consent decisions. */
    public Registration register(StepContext step, String coordinatingCentreId, PatientDetails patient,
                                 List<Modality> firstSteps) {
        return register(step, coordinatingCentreId, patient, firstSteps, List.of());
    }

    /**
     * @param firstSteps the steps planned from the start (e.g. diagnostics); the tumour board adds the rest
     * @param consents the patient's decisions at the intake: one Consent per scope, created only if the centre holds
     *                 none for the twin and scope yet (a later pathway keeps the earlier Consent, and its withdrawal)
     */
    public Registration register(StepContext step, String coordinatingCentreId, PatientDetails patient,
                                 List<Modality> firstSteps, List<ConsentDecision> consents) {
        Centre coordinating = centres.require(coordinatingCentreId);
        var planIdentifier = BusinessIdentifiers.pathwayResource(step, "careplan");
        Patient known = knownByMrn(coordinating, patient);
        WrittenResources written = writer.write(coordinating.id(), step, tx -> {
            Reference patientRef;
            if (known != null && !PatientMapping.hasTwinId(known, patient.twinId())) {
                // the centre knows the patient already: link the record to the twin rather than duplicate it
                known.addIdentifier(BusinessIdentifiers.twin(patient.twinId())
                        .setUse(Identifier.IdentifierUse.SECONDARY));
                patientRef = tx.updateIfUnchanged("patient", known);
            } else {
                patientRef = tx.createIfAbsent("patient", PatientMapping.toPatient(patient, coordinating, true),
                        BusinessIdentifiers.twin(patient.twinId()));
            }
            tx.createIfAbsent("careplan", CarePlanMapping.newPathwayPlan(planIdentifier, patientRef, coordinating,
                    firstSteps, Date.from(clock.instant())), planIdentifier);
            for (ConsentDecision decision : consents) {
                tx.createIfAbsent("consent-" + decision.scope(), ConsentMapping.toConsent(patient.twinId(), decision,
                        patientRef, coordinating, researchConsentPolicy),
                        ConsentMapping.identifier(patient.twinId(), decision.scope()));
            }
        });
        return new Registration(written.id("patient"), written.id("careplan"), planIdentifier.getValue());
    }

    /**
     * The coordinating centre's record with this MRN, if any.
     *
     * @throws IllegalStateException when that record belongs to another twin (an operator must clarify)
     */
    private Patient knownByMrn(Centre centre, PatientDetails patient) {
        if (patient.mrn() == null || patient.mrn().isBlank()) {
            return null;
        }
        Bundle found = clients.call(centre.id(), "search Patient by MRN", client -> client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(PatientMapping.mrnSystem(centre),
                        patient.mrn()))
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute());
        if (found.getEntry().isEmpty()) {
            return null;
        }
        Patient known = (Patient) found.getEntryFirstRep().getResource();
        String otherTwin = PatientMapping.twinIdOf(known);
        if (otherTwin != null && !otherTwin.equals(patient.twinId())) {
            throw new IllegalStateException("MRN " + patient.mrn() + " at " + centre.id()
                    + " belongs to twin " + otherTwin + ", not " + patient.twinId());
        }
        known.setId(known.getIdElement().toUnqualifiedVersionless().withVersion(known.getMeta().getVersionId()));
        return known;
    }

    public void close(StepContext step, String coordinatingCentreId, String carePlanId, boolean completed) {
        CarePlan plan = clients.call(coordinatingCentreId, "read " + carePlanId,
                client -> client.read().resource(CarePlan.class).withId(carePlanId).execute());
        CarePlanStatus target = completed ? CarePlanStatus.COMPLETED : CarePlanStatus.REVOKED;
        if (plan.getStatus() == target) {
            return; // closed by an earlier run of this step
        }
        CarePlanMapping.close(plan, completed);
        writer.write(coordinatingCentreId, step, tx -> tx.updateIfUnchanged("careplan", plan));
    }
}
