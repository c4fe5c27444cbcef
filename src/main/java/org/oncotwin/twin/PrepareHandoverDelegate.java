package org.oncotwin.twin;

import java.time.Duration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.oncotwin.process.PathwayVariables;
import org.oncotwin.process.TreatmentStepVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Service task of TreatmentStep, before the handover task: drafts the handover from the patient twin, so that the
 * physician confirms or edits instead of retyping what the centres hold. Best effort: a twin that cannot be read in
 * time leaves the form empty, as before; it never fails the step.
 */
@Component("prepareHandover")
class PrepareHandoverDelegate implements JavaDelegate {

    /** The handover task waits for this at most per centre (the step's start runs in the caller's transaction). */
    static final Duration CENTRE_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PrepareHandoverDelegate.class);

    private final TwinAssembler twins;

    PrepareHandoverDelegate(TwinAssembler twins) {
        this.twins = twins;
    }

    @Override
    public void execute(DelegateExecution execution) {
        try {
            var twin = twins.assemble(PathwayVariables.twinId(execution), CENTRE_TIMEOUT);
            var missing = twin.records().stream().filter(r -> !r.answered()).map(CentreRecord::centreId).toList();
            HandoverDraft.of(TwinTimeline.of(twin.resources()), missing).ifPresent(draft ->
                    TreatmentStepVariables.handoverDrafted(execution, draft.clinicalSummary(),
                            draft.relevantFindings()));
        } catch (RuntimeException e) {
            log.warn("No handover draft for step {}: {}", execution.getProcessInstanceId(), e.getMessage());
        }
    }
}
