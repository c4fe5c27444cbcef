package org.oncotwin.research;

import java.util.List;

/** An export request that cannot be started: every problem named (400). */
public class InvalidExportException extends RuntimeException {

    private final List<String> problems;

    InvalidExportException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
