package org.oncotwin.research;

import java.util.List;

/** Research criteria a centre cannot be asked for, each problem in words a researcher understands. */
public class InvalidCriteriaException extends RuntimeException {

    private final List<String> problems;

    InvalidCriteriaException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
