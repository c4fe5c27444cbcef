package org.oncotwin.referral;

import java.time.LocalDate;

/** What the receiving centre reports when a treatment step is done. */
public record StepOutcome(String procedurePerformed, LocalDate performedOn, String keyFindings) {
}
