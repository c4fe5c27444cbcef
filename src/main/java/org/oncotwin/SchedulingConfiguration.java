package org.oncotwin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background work (watching centres for referral updates); {@code oncotwin.scheduling.enabled=false} turns it off. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "oncotwin.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {
}
