package org.oncotwin.referral;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How OncoTwin watches referral Tasks that centres update in their own systems. */
@ConfigurationProperties(prefix = "oncotwin.referrals")
public record ReferralProperties(
        /** how often centres are polled; its default is in application.yml (env ONCOTWIN_REFERRAL_POLL_INTERVAL) */
        Duration pollInterval,
        @DefaultValue("PT24H") Duration initialLookback,
        /** how many changed Tasks are applied at once (each to its own pathway step; each takes a DB connection) */
        @DefaultValue("4") int parallelism) {
}
