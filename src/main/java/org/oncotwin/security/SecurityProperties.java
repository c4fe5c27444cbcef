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
 * @param verifiedLoginKept  how long a user name and password checked against Camunda's identity service are taken
 *                           again without asking it (API clients send them with every request); 0 asks every time
 */
@ConfigurationProperties(prefix = "oncotwin.security")
public record SecurityProperties(@DefaultValue("P90D") Duration accessAfterPathway,
                                 @DefaultValue("false") boolean setupWizard,
                                 @DefaultValue("false") boolean embeddedDatabase,
                                 @DefaultValue("PT30S") Duration verifiedLoginKept) {
}
