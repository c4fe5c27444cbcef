package org.oncotwin.fhir;

/** A centre's FHIR server answered something OncoTwin cannot use; the step fails and its job retries. */
public class FhirResponseException extends RuntimeException {

    public FhirResponseException(String centreId, String problem) {
        super("Centre " + centreId + ": " + problem);
    }
}
