package org.oncotwin.demo;

import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.ProcessKeys.NEOADJUVANT_PATHWAY;
import static org.oncotwin.process.ProcessKeys.ONCOLOGY_PATHWAY;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo network moving while one watches: the physicians of the live patients write their handovers, and
 * each centre's own system answers their referrals in its FHIR server after a while (accepts most, rejects some,
 * starts, completes), as a real centre would; OncoTwin learns of it as it learns of any centre's change. Now and
 * then a new patient is referred. Demo only (see {@link DemoNetwork}).
 */
final class DemoCentreLife implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoCentreLife.class);
    /** How long a live patient's task waits before someone acts on it. */
    private static final Duration PAUSE = Duration.ofSeconds(20);
    private static final Duration NEW_PATIENT_EVERY = Duration.ofSeconds(90);
    private static final int MORE_PATIENTS = 12;
    private static final List<String> REJECTIONS = List.of("No capacity in the next four weeks",
            "Treatment not offered for this indication", "Patient lives closer to another centre");

    private final DemoActions act;
    private final List<DemoActions.Started> live = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-centre-life");
        thread.setDaemon(true);
        return thread;
    });
    private int nextPatient;
    private int added;
    private Instant lastNewPatient = Instant.now();

    DemoCentreLife(DemoActions act) {
        this.act = act;
    }

    /** Starts moving the given pathways; patients numbered from {@code firstNewPatient} join later. */
    void start(List<DemoActions.Started> pathways, int firstNewPatient) {
        live.addAll(pathways);
        nextPatient = firstNewPatient;
        lastNewPatient = Instant.now();
        scheduler.scheduleWithFixedDelay(this::round, 5, 5, TimeUnit.SECONDS);
    }

    private void round() {
        for (DemoActions.Started pathway : live) {
            try {
                move(pathway);
            } catch (RuntimeException e) {
                log.debug("Demo centre life: {} not moved this round: {}", pathway.twinId(), e.getMessage());
            }
        }
        if (added < MORE_PATIENTS && Instant.now().isAfter(lastNewPatient.plus(NEW_PATIENT_EVERY))) {
            lastNewPatient = Instant.now();
            try {
                String centre = List.of("leipzig", "dresden", "prague").get(added % 3);
                live.add(act.start(added % 2 == 0 ? ONCOLOGY_PATHWAY : NEOADJUVANT_PATHWAY,
                        DemoPatient.number(nextPatient++, centre), "New referral", null));
                added++;
            } catch (RuntimeException e) {
                log.warn("Demo centre life: a new patient could not be referred: {}", e.getMessage());
            }
        }
    }

    private void move(DemoActions.Started pathway) {
        var handover = waited(pathway, HANDOVER);
        if (handover.isPresent()) {
            act.handOver(pathway, act.physicianOf(handover.get()), "Referred for the next step", "See the twin");
            return;
        }
        var answer = waited(pathway, ANSWER_REFERRAL);
        if (answer.isPresent()) {
            boolean reject = ThreadLocalRandom.current().nextInt(5) == 0;
            atCentre(pathway, act.centreOf(answer.get()), TaskStatus.REQUESTED, reject ? TaskStatus.REJECTED
                    : TaskStatus.ACCEPTED, reject ? REJECTIONS.get(ThreadLocalRandom.current()
                    .nextInt(REJECTIONS.size())) : null);
            return;
        }
        var start = waited(pathway, CONFIRM_TREATMENT_START);
        if (start.isPresent()) {
            atCentre(pathway, act.centreOf(start.get()), TaskStatus.ACCEPTED, TaskStatus.INPROGRESS, null);
            return;
        }
        var outcome = waited(pathway, REPORT_OUTCOME);
        if (outcome.isPresent()) {
            atCentre(pathway, act.centreOf(outcome.get()), TaskStatus.INPROGRESS, TaskStatus.COMPLETED, null);
        }
    }

    private Optional<org.camunda.bpm.engine.task.Task> waited(DemoActions.Started pathway, String taskKey) {
        return act.openTask(pathway, taskKey).filter(task ->
                task.getCreateTime().toInstant().plus(PAUSE).isBefore(Instant.now()));
    }

    /** What the centre's own system does: it changes its referral Task. */
    private void atCentre(DemoActions.Started pathway, String centreId, TaskStatus from, TaskStatus to,
                          String reason) {
        IGenericClient centre = act.centre(centreId);
        Bundle patients = centre.search().byUrl("Patient?identifier="
                        + BusinessIdentifiers.searchToken(BusinessIdentifiers.twin(pathway.twinId())))
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute();
        if (patients.getEntry().isEmpty()) {
            return;
        }
        String patientId = patients.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless()
                .getValue();
        Bundle referrals = centre.search().byUrl("Task?patient=" + patientId + "&status=" + from.toCode())
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute();
        for (var entry : referrals.getEntry()) {
            Task task = (Task) entry.getResource();
            task.setStatus(to);
            task.setLastModified(new java.util.Date());
            if (reason != null) {
                task.setStatusReason(new CodeableConcept().setText(reason));
            }
            task.setId(task.getIdElement().toUnqualifiedVersionless());
            centre.update().resource(task).execute();
            log.info("Demo centre {} set the referral of {} {}", centreId, pathway.twinId(), to.toCode());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
