package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The validator the mapping tests rely on does find errors. */
class R4ValidatorTest {

    @Test
    void aTaskWithoutStatusAndIntentIsInvalid() {
        assertThat(R4Validator.errors(new Task())).anySatisfy(e -> assertThat(e).contains("Task.status"))
                .anySatisfy(e -> assertThat(e).contains("Task.intent"));
    }
}
