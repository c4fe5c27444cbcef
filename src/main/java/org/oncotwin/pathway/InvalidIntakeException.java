package org.oncotwin.pathway;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;

/** A pathway cannot start: the intake has problems, each said in plain words. Nothing was started or written. */
public class InvalidIntakeException extends ProcessEngineException {

    private final List<String> problems;

    public InvalidIntakeException(List<String> problems) {
        super("The referral intake is incomplete or wrong: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
