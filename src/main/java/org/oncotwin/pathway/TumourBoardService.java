package org.oncotwin.pathway;

import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.Reference;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.FhirStepWriter;
import org.oncotwin.fhir.StepContext;
import org.springframework.stereotype.Service;

/** Records tumour board decisions and the progress of planned steps in the coordinating centre's CarePlan. */
@Service
public class TumourBoardService {

    private final CentreClients clients;
    private final FhirStepWriter writer;
    private final Clock clock;

    TumourBoardService(CentreClients clients, FhirStepWriter writer, Clock clock) {
        this.clients = clients;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Writes diagnosis, staging and the planned steps in one transaction; {@code round} counts the board's decisions
     * in this pathway (a replanning is a new round).
     */
    public void record(StepContext step, String centreId, String patientId, String carePlanId, int round,
                       TumourBoardDecision decision) {
        CarePlan plan = readPlan(centreId, carePlanId);
        Date now = Date.from(clock.instant());
        Reference patient = new Reference(patientId);
        writer.write(centreId, step, tx -> {
            var conditionId = BusinessIdentifiers.pathwayResource(step, "condition-r" + round);
            Reference condition = tx.createIfAbsent("condition",
                    TumourBoardMapping.diagnosis(decision, conditionId, patient, now), conditionId);
            String[][] tnm = {{"T", decision.tnmT()}, {"N", decision.tnmN()}, {"M", decision.tnmM()}};
            for (String[] category : tnm) {
                if (category[1] != null && !category[1].isBlank()) {
                    var id = BusinessIdentifiers.pathwayResource(step, "tnm-" + category[0] + "-r" + round);
                    tx.createIfAbsent("tnm-" + category[0], TumourBoardMapping.tnm(category[0], category[1], id,
                            patient, condition, now), id);
                }
            }
            if (decision.ecog() != null) {
                var id = BusinessIdentifiers.pathwayResource(step, "ecog-r" + round);
                tx.createIfAbsent("ecog", TumourBoardMapping.ecog(decision.ecog(), id, patient, condition, now), id);
            }
            if (TumourBoardMapping.planSteps(plan, decision, condition)) {
                tx.updateIfUnchanged("careplan", plan);
            }
        });
    }

    /** Marks the CarePlan activity of a step (completed, cancelled, in-progress ...); no such activity: no write. */
    public void updateStep(StepContext step, String centreId, String carePlanId, Modality modality,
                           CarePlanActivityStatus status) {
        CarePlan plan = readPlan(centreId, carePlanId);
        if (TumourBoardMapping.setStepStatus(plan, modality, status)) {
            writer.write(centreId, step, tx -> tx.updateIfUnchanged("careplan", plan));
        }
    }

    private CarePlan readPlan(String centreId, String carePlanId) {
        return clients.call(centreId, "read " + carePlanId,
                client -> client.read().resource(CarePlan.class).withId(carePlanId).execute());
    }
}
