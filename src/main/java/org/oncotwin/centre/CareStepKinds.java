package org.oncotwin.centre;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oncotwin.process.InputParameters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The kinds of care a step may have: the shipped five, and those configured under {@code oncotwin.care-steps.<kind>}
 * (which may also redefine a shipped one). A new kind of care is configuration plus a model, no code.
 */
@Component
public class CareStepKinds {

    private final Map<String, Modality> kinds = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> deadlines = new HashMap<>();

    @Autowired
    public CareStepKinds(CareStepProperties properties) {
        Modality.SHIPPED.forEach(kind -> kinds.put(kind.code(), kind));
        properties.careSteps().forEach((code, kind) -> {
            String key = normalised(code);
            Modality shipped = kinds.get(key);
            kinds.put(key, new Modality(key, kind.snomedCode(), kind.display(),
                    kind.treatment() != null ? kind.treatment() : shipped == null || shipped.treatment()));
            var defaults = new LinkedHashMap<String, String>();
            putIfSet(defaults, InputParameters.ACCEPT_WITHIN, kind.acceptWithin());
            putIfSet(defaults, InputParameters.START_WITHIN, kind.startWithin());
            putIfSet(defaults, InputParameters.COMPLETE_WITHIN, kind.completeWithin());
            deadlines.put(key, Map.copyOf(defaults));
        });
    }

    /** Only the shipped kinds (tests, tools). */
    public static CareStepKinds shipped() {
        return new CareStepKinds(new CareStepProperties(Map.of()));
    }

    /** @throws UnknownCareStepKindException naming the known kinds */
    public Modality require(String code) {
        Modality kind = code == null ? null : kinds.get(normalised(code));
        if (kind == null) {
            throw new UnknownCareStepKindException(code, kinds.keySet());
        }
        return kind;
    }

    public boolean contains(String code) {
        return code != null && kinds.containsKey(normalised(code));
    }

    /** The kind's configured default deadlines, by input name ({@code acceptWithin} ...), as ISO-8601 durations. */
    public Map<String, String> defaultDeadlines(String code) {
        return code == null ? Map.of() : deadlines.getOrDefault(normalised(code), Map.of());
    }

    public List<Modality> all() {
        return List.copyOf(kinds.values());
    }

    private static void putIfSet(Map<String, String> defaults, String input, Duration duration) {
        if (duration != null) {
            defaults.put(input, duration.toString());
        }
    }

    private static String normalised(String code) {
        return code.trim().toLowerCase(Locale.ROOT);
    }
}
