package org.oncotwin.twin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.core.io.ClassPathResource;

/**
 * Titles for people from codes: the coding's display, else the shipped table
 * ({@code valuesets/code-displays.tsv}) for codes exports often send bare, else the concept's text, else the code.
 */
final class CodeDisplays {

    private static final Map<String, String> SHIPPED = load();

    private CodeDisplays() {
    }

    static String title(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return "";
        }
        for (Coding coding : concept.getCoding()) {
            if (coding.hasDisplay()) {
                return coding.getDisplay();
            }
        }
        for (Coding coding : concept.getCoding()) {
            String shipped = SHIPPED.get(coding.getSystem() + "|" + coding.getCode());
            if (shipped != null) {
                return shipped;
            }
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.hasCoding() ? concept.getCodingFirstRep().getCode() : "";
    }

    private static Map<String, String> load() {
        Map<String, String> displays = new HashMap<>();
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource("valuesets/code-displays.tsv").getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("\t"))
                    .filter(parts -> parts.length == 3).forEach(parts -> displays.put(parts[0] + "|" + parts[1],
                            parts[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return displays;
    }
}
