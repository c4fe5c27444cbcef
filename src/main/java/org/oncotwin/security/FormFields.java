package org.oncotwin.security;

import java.util.List;

/** The keys of the fields of each deployed Camunda Form: what a task's or a start form's submission may carry. */
public interface FormFields {

    /** The field keys of the form with this id (the form's {@code id}); empty for an unknown form. */
    List<String> keys(String formId);
}
