package org.oncotwin.research;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Research queries: counts below {@code smallCountThreshold} are shown as "&lt;threshold"; a researcher may ask
 * {@code queriesPerMinute} feasibility queries a minute; a centre that has not answered within {@code centreTimeout} is
 * named as unavailable and the others are still counted.
 */
@ConfigurationProperties(prefix = "oncotwin.research")
public record ResearchProperties(@DefaultValue("5") int smallCountThreshold,
                                 @DefaultValue("10") int queriesPerMinute,
                                 @DefaultValue("PT20S") Duration centreTimeout,
                                 @DefaultValue("1000") int pageSize) {
}
