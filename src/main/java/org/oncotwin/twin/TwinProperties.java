package org.oncotwin.twin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long the twin waits for each centre before it answers without it. */
@ConfigurationProperties(prefix = "oncotwin.twin")
public record TwinProperties(@DefaultValue("PT5S") Duration centreTimeout, @DefaultValue("8") int parallelism) {
}
