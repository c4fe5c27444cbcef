package org.oncotwin.referral;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How OncoTwin watches referral Tasks that centres update in their own systems. */
@ConfigurationProperties(prefix = "oncotwin.referrals")
public record ReferralProperties(
        /** how often centres are polled; its default is in application.yml (env ONCOTWIN_REFERRAL_POLL_INTERVAL) */
        Duration pollInterval,
        /** how far back a centre is searched the first time it is watched (afterwards: from its cursor) */
        @DefaultValue("PT24H") Duration initialLookback,
        /** for centres on subscription or rest-hook: the safety poll while notifications arrive */
        @DefaultValue("PT10M") Duration safetyPollInterval,
        /** how many changed Tasks are applied at once (each to its own pathway step; each takes a DB connection) */
        @DefaultValue("4") int parallelism,
        /**
         * how far before its cursor a centre is searched again: a FHIR server dates a change when its transaction
         * starts, so under concurrent writes a change can become visible after a later-dated one was seen; the changes
         * in the overlap that were applied before are recognised as known (no FHIR call)
         */
        @DefaultValue("PT10S") Duration commitOverlap,
        /**
         * where centres on {@code rest-hook} reach OncoTwin, e.g. {@code https://oncotwin.example.org}; default: this
         * node's own port on localhost (a single machine, the demo)
         */
        String callbackBaseUrl) {
}
