package org.oncotwin.fhir;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Timeouts and pool sizes for the FHIR clients (shared by all centres, pooled per centre host). */
@ConfigurationProperties(prefix = "oncotwin.fhir")
public record FhirProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration socketTimeout,
        @DefaultValue("20") int poolMaxPerCentre,
        @DefaultValue("100") int poolMaxTotal) {
}
