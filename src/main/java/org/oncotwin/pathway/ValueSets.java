package org.oncotwin.pathway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The code value sets OncoTwin ships ({@code src/main/resources/valuesets/<name>.txt}, one code per line): ICD-10
 * neoplasm categories and the TNM categories. A form field names its value set in its properties.
 */
@Component
public class ValueSets {

    private final Map<String, Set<String>> sets = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when no such value set is shipped */
    public boolean contains(String valueSet, String code) {
        Set<String> codes = sets.computeIfAbsent(valueSet, ValueSets::load);
        if (code == null) {
            return false;
        }
        String trimmed = code.trim();
        // ICD-10 subcodes (C41.0) belong to the value set when their category (C41) does
        return codes.contains(trimmed) || (trimmed.contains(".") && codes.contains(trimmed.substring(0,
                trimmed.indexOf('.'))) && trimmed.matches("[A-Z][0-9]{2}\\.[0-9]{1,2}"));
    }

    private static Set<String> load(String name) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("Unknown value set '" + name + "'");
        }
        var resource = new ClassPathResource("valuesets/" + name + ".txt");
        if (!resource.exists()) {
            throw new IllegalArgumentException("Unknown value set '" + name + "'");
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read value set " + name, e);
        }
    }
}
