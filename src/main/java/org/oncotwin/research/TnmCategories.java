package org.oncotwin.research;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * TNM categories as asked by researchers and as recorded by centres. A recorded value (cT2a, pN1mi, "ypT0", a
 * coding's code or display) is reduced to its category (T2A, N1MI, T0) so that the question T2 finds T2a and T2b.
 */
@Component
class TnmCategories {

    /** Clinical and pathological T, N, M (LOINC), as centres record them. */
    static final Map<Character, List<String>> LOINC_CODES = Map.of(
            'T', List.of("21905-5", "21899-0"),
            'N', List.of("21906-3", "21900-6"),
            'M', List.of("21907-1", "21901-4"));

    private static final Pattern RECORDED = Pattern.compile("^(?:[cpyra]{0,3})\\s*([TNMtnm])\\s*([0-4]|[xX]|is|IS|Is)(\\w*)");

    private final Map<Character, Set<String>> shipped;

    TnmCategories() {
        shipped = Map.of('T', read("tnm-t.txt"), 'N', read("tnm-n.txt"), 'M', read("tnm-m.txt"));
    }

    /** The question's category upper-cased without prefix, or null; a problem when the value set knows no such. */
    String normalised(char category, String asked, List<String> problems) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        String value = category(asked.trim());
        if (value == null || value.charAt(0) != category
                || shipped.get(category).stream().noneMatch(code -> code.startsWith(value))) {
            problems.add(category + " must be a TNM " + category + " category or its start, e.g. "
                    + category + "1; was '" + asked + "'");
            return null;
        }
        return value;
    }

    /** The category of a recorded value, e.g. "cT2a" → "T2A", or null when it is none. */
    static String category(String recorded) {
        if (recorded == null) {
            return null;
        }
        Matcher matcher = RECORDED.matcher(recorded.trim());
        if (!matcher.find()) {
            return null;
        }
        return (matcher.group(1) + matcher.group(2) + matcher.group(3)).toUpperCase(Locale.ROOT);
    }

    private static Set<String> read(String file) {
        try {
            String text = new ClassPathResource("valuesets/" + file).getContentAsString(StandardCharsets.UTF_8);
            return text.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toUpperCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
