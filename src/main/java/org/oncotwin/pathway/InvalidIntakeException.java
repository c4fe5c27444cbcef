package org.oncotwin.pathway;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A pathway cannot start: the intake has problems, each said in plain words. Nothing was started or written. A bad
 * user request: the REST API answers 400.
 */
public class InvalidIntakeException extends BadUserRequestException {

    private final List<String> problems;

    public InvalidIntakeException(List<String> problems) {
        super("The referral intake is incomplete or wrong: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
