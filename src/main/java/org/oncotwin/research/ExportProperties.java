package org.oncotwin.research;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Pseudonymised exports (docs/research.md, docs/configuration.md).
 *
 * @param pseudonymKey     the HMAC key of pseudonyms and date offsets, from {@code ONCOTWIN_RESEARCH_PSEUDONYM_KEY}
 *                         (at least 16 characters); without it exports are refused (503). Changing it changes every
 *                         pseudonym.
 * @param exportRetention  how long the files of a finished export can be downloaded
 * @param exportTimeout    how long one centre may take for its part of an export
 * @param bulkExport       per centre id how it exports: {@code auto} (FHIR Bulk Data {@code $export} when its
 *                         CapabilityStatement names it, else searches; the default), {@code bulk} or {@code search}
 */
@ConfigurationProperties(prefix = "oncotwin.research")
public record ExportProperties(String pseudonymKey,
                               @DefaultValue("PT24H") Duration exportRetention,
                               @DefaultValue("PT10M") Duration exportTimeout,
                               Map<String, BulkExport> bulkExport) {

    public enum BulkExport { AUTO, BULK, SEARCH }

    static final int MIN_KEY_LENGTH = 16;

    public ExportProperties {
        bulkExport = bulkExport == null ? Map.of() : Map.copyOf(bulkExport);
    }

    BulkExport modeOf(String centreId) {
        return bulkExport.getOrDefault(centreId, BulkExport.AUTO);
    }

    boolean hasKey() {
        return pseudonymKey != null && pseudonymKey.strip().length() >= MIN_KEY_LENGTH;
    }
}
