package org.oncotwin.referral;

import java.time.Instant;
import org.oncotwin.centre.Modality;
import org.oncotwin.process.PatientDetails;

/**
 * A referral of a patient from the coordinating centre to a receiving centre for one treatment step, with the
 * referring physician's handover.
 *
 * @param selectionNote why this centre (the selection decision, or the coordinator's override and reason)
 */
public record Referral(PatientDetails patient, String fromCentreId, String toCentreId, Modality modality,
                       String reason, boolean urgent, String carePlanIdentifierValue, Instant acceptBy,
                       String selectionNote, Handover handover) {

    /** What the referring physician hands over; any part may be empty. */
    public record Handover(String clinicalSummary, String relevantFindings, String openQuestions) {

        public boolean isEmpty() {
            return blank(clinicalSummary) && blank(relevantFindings) && blank(openQuestions);
        }

        private static boolean blank(String text) {
            return text == null || text.isBlank();
        }
    }
}
