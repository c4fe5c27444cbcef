package org.oncotwin.referral;

import java.time.Instant;
import org.oncotwin.centre.Modality;
import org.oncotwin.twin.PatientDetails;

/** A referral of a patient from the coordinating centre to a receiving centre for one treatment step. */
public record Referral(PatientDetails patient, String fromCentreId, String toCentreId, Modality modality,
                       String reason, boolean urgent, String carePlanIdentifierValue, Instant acceptBy) {
}
