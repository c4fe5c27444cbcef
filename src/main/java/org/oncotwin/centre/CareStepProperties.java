package org.oncotwin.centre;

import java.time.Duration;
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
 *   treatment: false
 *   accept-within: P1D
 * </pre>
 */
@Validated
@ConfigurationProperties(prefix = "oncotwin")
public record CareStepProperties(Map<String, @Valid Kind> careSteps) {

    public CareStepProperties {
        careSteps = careSteps == null ? Map.of() : new LinkedHashMap<>(careSteps);
    }

    /**
     * @param treatment counts as treatment for time-to-treatment (default: yes for a new kind)
     * @param acceptWithin default deadline for the centre's answer to a referral of this kind (model default P2D)
     * @param startWithin default deadline for the start of treatment after acceptance (model default P30D)
     * @param completeWithin default deadline for the outcome after the start (model default P180D)
     */
    public record Kind(@NotBlank String snomedCode, @NotBlank String display, Boolean treatment,
                       Duration acceptWithin, Duration startWithin, Duration completeWithin) {
    }
}
