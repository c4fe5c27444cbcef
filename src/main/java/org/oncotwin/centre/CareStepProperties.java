package org.oncotwin.centre;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Kinds of care configured in addition to (or instead of) the shipped five, e.g.
 * <pre>
 * oncotwin.care-steps.palliative-care:
 *   snomed-code: "103735009"
 *   display: Palliative care
 *   treatment: true
 * </pre>
 */
@Validated
@ConfigurationProperties(prefix = "oncotwin")
public record CareStepProperties(Map<String, @Valid Kind> careSteps) {

    public CareStepProperties {
        careSteps = careSteps == null ? Map.of() : new LinkedHashMap<>(careSteps);
    }

    /** @param treatment counts as treatment for time-to-treatment (default: yes for a new kind) */
    public record Kind(@NotBlank String snomedCode, @NotBlank String display, Boolean treatment) {
    }
}
