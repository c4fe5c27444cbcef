package org.oncotwin.referral;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where centres on {@code rest-hook} send their notifications: {@code oncotwin.referrals.callback-base-url}, or this
 * node's own port on localhost when none is configured (a single machine: the demo, the tests).
 */
@Component
class CallbackAddress {

    static final String PATH = "/centre-notifications/";
    private static final Logger log = LoggerFactory.getLogger(CallbackAddress.class);

    private final ReferralProperties properties;
    private volatile String localBase;

    CallbackAddress(ReferralProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            localBase = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /** The endpoint a centre's rest-hook Subscription posts to; it puts changed Tasks at {@code <endpoint>/Task/<id>}. */
    String endpointFor(String centreId) {
        String base = properties.callbackBaseUrl();
        if (base == null || base.isBlank()) {
            if (localBase == null) {
                throw new IllegalStateException("oncotwin.referrals.callback-base-url is not set and the web server "
                        + "has not started yet");
            }
            log.debug("No oncotwin.referrals.callback-base-url: centres notify {}", localBase);
            base = localBase;
        }
        return base.replaceAll("/+$", "") + PATH + centreId;
    }
}
