package org.oncotwin.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings.
 *
 * @param accessAfterPathway how long staff and physicians of a centre still see a patient after the pathway that
 *                           involved their centre ended
 * @param setupWizard        whether Camunda's setup wizard (create the first administrator) is open; off unless a
 *                           fresh installation needs it
 * @param embeddedDatabase   whether OncoTwin may run on an in-memory H2 database (the demo); a production start
 *                           without a configured database fails instead
 */
@ConfigurationProperties(prefix = "oncotwin.security")
public record SecurityProperties(@DefaultValue("P90D") Duration accessAfterPathway,
                                 @DefaultValue("false") boolean setupWizard,
                                 @DefaultValue("false") boolean embeddedDatabase) {
}
