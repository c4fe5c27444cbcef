package org.oncotwin.pathway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.oncotwin.security.FormFields;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The rules of every Camunda Form OncoTwin deploys, read from the forms themselves (required, pattern, length,
 * allowed options, dates, value sets), so that the server checks a submission exactly as the form does in the
 * browser — also when the form is bypassed (REST API, a modified client).
 */
@Component
public class FormRules implements FormFields {

    private final Map<String, List<Field>> fieldsByForm = new HashMap<>();
    private final ValueSets valueSets;

    record Field(String key, String label, String type, boolean required, Pattern pattern, Integer maxLength,
                 List<String> options, String valueSet, boolean conditional) {
    }

    FormRules(ObjectMapper json, ValueSets valueSets) throws IOException {
        this.valueSets = valueSets;
        for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:*.form")) {
            try (InputStream in = form.getInputStream()) {
                JsonNode root = json.readTree(in);
                List<Field> fields = new ArrayList<>();
                root.path("components").forEach(component -> field(component).ifPresent(fields::add));
                fieldsByForm.put(root.path("id").asText(), List.copyOf(fields));
            }
        }
    }

    public boolean knows(String formId) {
        return fieldsByForm.containsKey(formId);
    }

    /** The keys of the fields a form submits. */
    @Override
    public List<String> keys(String formId) {
        return fieldsByForm.getOrDefault(formId, List.of()).stream().map(Field::key).toList();
    }

    /** Every problem of a submission, in words for the person who filled the form; empty when it is fine. */
    public List<String> problems(String formId, Map<String, Object> values) {
        return problems(formId, values, Set.of());
    }

    /** Like {@link #problems(String, Map)}, leaving out fields whose rules the caller checks itself. */
    public List<String> problems(String formId, Map<String, Object> values, Set<String> skipped) {
        if (!knows(formId)) {
            throw new IllegalStateException("No form '" + formId + "' is deployed with OncoTwin");
        }
        List<String> problems = new ArrayList<>();
        for (Field field : fieldsByForm.get(formId)) {
            if (skipped.contains(field.key())) {
                continue;
            }
            Object value = values.get(field.key());
            String text = value == null ? null : value.toString();
            boolean empty = text == null || text.isBlank();
            if (empty) {
                // a field the form may hide (e.g. a rejection reason) cannot be required on the server
                if (field.required() && !field.conditional() && !"checkbox".equals(field.type())) {
                    problems.add(field.label() + " is required");
                }
                continue;
            }
            if (field.maxLength() != null && text.length() > field.maxLength()) {
                problems.add(field.label() + " may be at most " + field.maxLength() + " characters long");
            }
            if (field.pattern() != null && !field.pattern().matcher(text).matches()) {
                problems.add(field.label() + " has an invalid format: '" + abbreviate(text) + "'");
            }
            if (!field.options().isEmpty() && !field.options().contains(text)) {
                problems.add(field.label() + " must be one of " + field.options());
            }
            if ("datetime".equals(field.type())) {
                try {
                    LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    problems.add(field.label() + " must be a date like 2026-12-01, was '" + abbreviate(text) + "'");
                }
            }
            if (field.valueSet() != null && !valueSets.contains(field.valueSet(), text)) {
                problems.add(field.label() + ": '" + abbreviate(text) + "' is not a known code ("
                        + field.valueSet() + ")");
            }
        }
        return problems;
    }

    private static Optional<Field> field(JsonNode component) {
        String key = component.path("key").asText(null);
        if (key == null) {
            return Optional.empty();
        }
        String type = component.path("type").asText();
        JsonNode validate = component.path("validate");
        String label = component.hasNonNull("label") ? component.path("label").asText()
                : component.path("dateLabel").asText(key);
        List<String> options = new ArrayList<>();
        if (("select".equals(type) || "radio".equals(type)) && !component.hasNonNull("valuesKey")) {
            component.path("values").forEach(option -> options.add(option.path("value").asText()));
        }
        return Optional.of(new Field(key, label, type, validate.path("required").asBoolean(false),
                validate.hasNonNull("pattern") ? Pattern.compile(validate.path("pattern").asText()) : null,
                validate.hasNonNull("maxLength") ? validate.path("maxLength").asInt() : null,
                List.copyOf(options),
                component.path("properties").path("valueSet").asText(null),
                component.has("conditional")));
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
