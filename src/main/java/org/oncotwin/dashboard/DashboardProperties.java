package org.oncotwin.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Targets the dashboard measures against, e.g. 62 days from referral to first treatment and 31 days from the
 * decision to treat (targets cancer services commonly use), and how often the page refreshes.
 */
@ConfigurationProperties("oncotwin.dashboard")
public record DashboardProperties(Duration referralToTreatmentTarget, Duration decisionToTreatmentTarget,
                                  Duration refreshInterval, String cockpitUrl) {

    public DashboardProperties {
        referralToTreatmentTarget = referralToTreatmentTarget != null ? referralToTreatmentTarget
                : Duration.ofDays(62);
        decisionToTreatmentTarget = decisionToTreatmentTarget != null ? decisionToTreatmentTarget
                : Duration.ofDays(31);
        refreshInterval = refreshInterval != null ? refreshInterval : Duration.ofSeconds(30);
        cockpitUrl = cockpitUrl != null ? cockpitUrl : "/camunda/app/cockpit/default";
    }

    double referralToTreatmentTargetDays() {
        return referralToTreatmentTarget.toMillis() / 86_400_000.0;
    }

    double decisionToTreatmentTargetDays() {
        return decisionToTreatmentTarget.toMillis() / 86_400_000.0;
    }
}
