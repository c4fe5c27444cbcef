package org.oncotwin.referral;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.fhir.FhirResponseException;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.process.TreatmentStepVariables;
import org.oncotwin.process.TreatmentStepVariables.SentReferral;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A pathway on hold reaches the centres: each open referral Task is set {@code on-hold} with the reason (and a
 * Communication to the centre), and set back to the status it had when the pathway resumes. A centre that changes a
 * held Task meanwhile is not overruled: its change is applied once the pathway resumes (the suspended step takes no
 * message until then; the watcher keeps the change on its re-check list).
 */
@Service
public class ReferralHolds {

    static final String HOLD_ACTIVITY = "PathwayOnHold";
    static final String RESUME_ACTIVITY = "PathwayResumed";
    private static final Logger log = LoggerFactory.getLogger(ReferralHolds.class);

    private final RuntimeService runtime;
    private final ReferralService referrals;

    public ReferralHolds(RuntimeService runtime, ReferralService referrals) {
        this.runtime = runtime;
        this.referrals = referrals;
    }

    /** Which centres were told, and which could not be reached (their Task stays as it was; call them). */
    public record CentresTold(List<String> informed, List<String> notReached) {

        public static CentresTold none() {
            return new CentresTold(new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * Fails before anything is written when a centre changed a step's referral that OncoTwin has not applied yet:
     * holding now would hide that change from the step.
     *
     * @throws ReferralChangingException naming the referral
     */
    public void requireSettled(List<String> stepInstanceIds) {
        for (String stepId : stepInstanceIds) {
            var sent = TreatmentStepVariables.sentReferral(runtime, stepId);
            if (sent.isEmpty() || !isOpen(sent.get().status()) || sent.get().statusBeforeHold() != null) {
                continue;
            }
            TaskStatus atCentre = centreStatus(sent.get());
            if (atCentre != null && !atCentre.toCode().equals(sent.get().status())) {
                throw new ReferralChangingException(sent.get().receivingCentre(), sent.get().taskId(),
                        sent.get().status(), atCentre.toCode());
            }
        }
    }

    /** Before the steps are suspended: their open referrals go on hold at the centres. */
    public CentresTold hold(List<String> stepInstanceIds, String actor, String reason) {
        var told = CentresTold.none();
        for (String stepId : stepInstanceIds) {
            var sent = TreatmentStepVariables.sentReferral(runtime, stepId).orElse(null);
            if (sent == null || !isOpen(sent.status()) || sent.statusBeforeHold() != null
                    || TaskStatus.ONHOLD.toCode().equals(sent.status())) {
                continue;
            }
            String where = sent.receivingCentre() + "/" + sent.taskId();
            try {
                String version = referrals.changeStatus(context(sent, stepId, actor, HOLD_ACTIVITY),
                        sent.receivingCentre(), sent.taskId(), TaskStatus.ONHOLD, reason, "On hold");
                TreatmentStepVariables.referralHoldChanged(runtime, stepId, TaskStatus.ONHOLD.toCode(), version,
                        sent.status());
                told.informed().add(where);
            } catch (CentreCallException | FhirResponseException | IllegalTaskTransitionException e) {
                log.warn("Pathway on hold, but referral {} could not be set on hold: {}", where, e.getMessage());
                told.notReached().add(where);
            }
        }
        return told;
    }

    /**
     * Before the steps are activated again: each held referral goes back to the status it had, unless the centre
     * moved it on meanwhile (then that change is applied as the watcher finds it).
     */
    public CentresTold resume(List<String> stepInstanceIds, String actor) {
        var told = CentresTold.none();
        for (String stepId : stepInstanceIds) {
            var sent = TreatmentStepVariables.sentReferral(runtime, stepId).orElse(null);
            if (sent == null || sent.statusBeforeHold() == null) {
                continue;
            }
            String where = sent.receivingCentre() + "/" + sent.taskId();
            TaskStatus before = TaskStatus.fromCode(sent.statusBeforeHold());
            try {
                TaskStatus atCentre = referrals.currentStatus(sent.receivingCentre(), sent.taskId());
                if (atCentre == TaskStatus.ONHOLD) {
                    String version = referrals.changeStatus(context(sent, stepId, actor, RESUME_ACTIVITY),
                            sent.receivingCentre(), sent.taskId(), before, null, "Resumed");
                    TreatmentStepVariables.referralHoldChanged(runtime, stepId, before.toCode(), version, null);
                    told.informed().add(where);
                } else {
                    // the centre moved on while the pathway was held: the step takes that change from its status
                    // before the hold, once it runs again
                    log.info("Referral {} was moved to {} at the centre while the pathway was on hold; applied "
                            + "after resume", where, atCentre.toCode());
                    TreatmentStepVariables.referralHoldChanged(runtime, stepId, before.toCode(),
                            TreatmentStepVariables.referralTaskVersion(runtime, stepId), null);
                }
            } catch (CentreCallException | FhirResponseException | IllegalTaskTransitionException e) {
                log.warn("Pathway resumed, but referral {} could not be set back to {}: {}", where, before.toCode(),
                        e.getMessage());
                told.notReached().add(where);
            }
        }
        return told;
    }

    private TaskStatus centreStatus(SentReferral sent) {
        try {
            return referrals.currentStatus(sent.receivingCentre(), sent.taskId());
        } catch (CentreCallException e) {
            return null; // unreachable: hold() reports it
        }
    }

    private static boolean isOpen(String status) {
        return status != null && TaskStatusFlow.isOpen(TaskStatus.fromCode(status));
    }

    private static StepContext context(SentReferral sent, String stepId, String actor, String activity) {
        return new StepContext(sent.twinId(), ProcessKeys.TREATMENT_STEP, stepId, activity, actor);
    }
}
