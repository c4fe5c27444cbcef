package org.oncotwin.twin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the twin waits for each centre before it answers without it, and how many centres it asks at once; how
 * many resources an import may hold, and how many of them go to a centre in one transaction (a larger import is
 * written in parts, undone as a whole if one fails).
 */
@ConfigurationProperties(prefix = "oncotwin.twin")
public record TwinProperties(@DefaultValue("PT5S") Duration centreTimeout, @DefaultValue("8") int parallelism,
                             @DefaultValue("10000") int maxImportResources, @DefaultValue("500") int importPartSize) {
}
