package org.oncotwin.dashboard;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Rows of records as CSV (RFC 4180): a header of the record's component names, then one line per record. */
final class Csv {

    private Csv() {
    }

    static <T extends Record> String of(Class<T> type, List<? extends T> rows) {
        RecordComponent[] components = type.getRecordComponents();
        var lines = Stream.concat(
                Stream.of(Stream.of(components).map(RecordComponent::getName).collect(Collectors.joining(","))),
                rows.stream().map(row -> Stream.of(components).map(c -> cell(value(c, row)))
                        .collect(Collectors.joining(","))));
        return lines.collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    private static Object value(RecordComponent component, Record row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component.getName(), e);
        }
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        // a leading =, +, - or @ would make a spreadsheet evaluate the cell as a formula
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
