package org.oncotwin.centre;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The centre network as configured in {@code application.yml} under {@code oncotwin}. Each centre can be overridden
 * by environment, e.g. {@code ONCOTWIN_CENTRES_LEIPZIG_FHIRBASEURL}.
 */
@Validated
@ConfigurationProperties(prefix = "oncotwin")
public record CentreProperties(
        @NotBlank String coordinatingCentre,
        @NotEmpty Map<String, @Valid CentreEntry> centres) {

    public CentreProperties {
        centres = centres == null ? Map.of() : new LinkedHashMap<>(centres);
    }

    /**
     * @param modalities what the centre offers (modality code, e.g. {@code radiotherapy}) and its current waiting
     *                   time in days
     */
    public record CentreEntry(
            @NotBlank String name,
            @NotBlank String fhirBaseUrl,
            String country,
            FhirAuth auth,
            Map<String, ModalityOffer> modalities) {

        public CentreEntry {
            auth = auth == null ? new FhirAuth(FhirAuth.Type.NONE, null, null, null) : auth;
            modalities = modalities == null ? Map.of() : Map.copyOf(modalities);
        }
    }

    public record ModalityOffer(int waitingDays) {
    }

    /** How OncoTwin authenticates to a centre's FHIR server. Secrets come from the environment only. */
    public record FhirAuth(Type type, String username, String password, String bearerToken) {
        public enum Type { NONE, BASIC, BEARER }

        public FhirAuth {
            type = type == null ? Type.NONE : type;
        }
    }
}
