package org.oncotwin.process;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.camunda.bpm.engine.delegate.VariableScope;

/** The one place where a process variable's value is cast: a wrong type is a clear error, not a ClassCastException. */
final class Values {

    private Values() {
    }

    static String text(VariableScope scope, String name) {
        return text(name, scope.getVariable(name));
    }

    static String localText(VariableScope scope, String name) {
        return text(name, scope.getVariableLocal(name));
    }

    static String text(String name, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(name, "text", value);
    }

    static Integer integer(String name, Object value) {
        if (value == null || value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                throw wrongType(name, "a whole number", value);
            }
        }
        if (value instanceof String) {
            return null;
        }
        throw wrongType(name, "a whole number", value);
    }

    /** A checkbox: only {@code true} counts as ticked. */
    static boolean flag(Object value) {
        return Boolean.TRUE.equals(value);
    }

    static Instant instant(String name, Object value) {
        String text = text(name, value);
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw wrongType(name, "an ISO instant such as 2026-12-01T08:00:00Z", value);
        }
    }

    static LocalDate date(String name, Object value) {
        String text = text(name, value);
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw wrongType(name, "a date such as 2026-12-01", value);
        }
    }

    private static IllegalArgumentException wrongType(String name, String expected, Object value) {
        return new IllegalArgumentException("Process variable '" + name + "' must be " + expected + ", was "
                + value.getClass().getSimpleName() + " '" + value + "'");
    }
}
