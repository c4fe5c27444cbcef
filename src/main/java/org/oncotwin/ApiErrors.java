package org.oncotwin;

import ca.uhn.fhir.context.FhirContext;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.oncotwin.centre.UnknownCentreException;
import org.oncotwin.dashboard.InvalidFilterException;
import org.oncotwin.fhir.CentreCallException;
import org.oncotwin.security.ReadNotRecordedException;
import org.oncotwin.pathway.InvalidIntakeException;
import org.oncotwin.pathway.PathwayAlreadyRunningException;
import org.oncotwin.pathway.UnknownPathwayException;
import org.oncotwin.security.PatientAccessDeniedException;
import org.oncotwin.security.RequestTooLargeException;
import org.oncotwin.security.UnreadableBodyException;
import org.oncotwin.twin.CentresOwnRecord;
import org.oncotwin.twin.ImportRequests;
import org.oncotwin.twin.RecordImport;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refused API input into RFC 9457 problem details, for the whole application. */
@RestControllerAdvice(basePackages = "org.oncotwin")
class ApiErrors {

    private final FhirContext fhirContext;

    ApiErrors(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @ExceptionHandler(InvalidIntakeException.class)
    ProblemDetail invalidIntake(InvalidIntakeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The referral intake is incomplete or wrong");
        problem.setTitle("Invalid referral intake");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(UnknownPathwayException.class)
    ProblemDetail unknownPathway(UnknownPathwayException e) {
        return problem(HttpStatus.BAD_REQUEST, "Unknown pathway", e.getMessage());
    }

    @ExceptionHandler(UnknownCentreException.class)
    ProblemDetail unknownCentre(UnknownCentreException e) {
        return problem(HttpStatus.BAD_REQUEST, "Unknown centre", e.getMessage());
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ProblemDetail tooLarge(RequestTooLargeException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", e.getMessage());
    }

    @ExceptionHandler(UnreadableBodyException.class)
    ProblemDetail unreadableBody(UnreadableBodyException e) {
        return problem(HttpStatus.BAD_REQUEST, "Unreadable body", e.getMessage());
    }

    @ExceptionHandler(RecordImport.InvalidImportException.class)
    ProblemDetail invalidImport(RecordImport.InvalidImportException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid import", e.getMessage());
    }

    /** Records invalid in themselves, or refused by the centre: the FHIR answer, an OperationOutcome naming each. */
    @ExceptionHandler(RecordImport.InvalidRecordsException.class)
    ResponseEntity<String> invalidRecords(RecordImport.InvalidRecordsException e) {
        return ResponseEntity.unprocessableEntity().contentType(MediaType.parseMediaType("application/fhir+json"))
                .body(fhirContext.newJsonParser().encodeResourceToString(e.outcome()));
    }

    @ExceptionHandler(RecordImport.ImportUndoPendingException.class)
    ProblemDetail importUndoPending(RecordImport.ImportUndoPendingException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Import failed, being undone", e.getMessage());
    }

    @ExceptionHandler(RecordImport.ConflictingTwinException.class)
    ProblemDetail conflictingTwin(RecordImport.ConflictingTwinException e) {
        return problem(HttpStatus.CONFLICT, "Patient of another twin", e.getMessage());
    }

    /** Records at the centre that may be the imported patient: the coordinator compares and chooses. */
    @ExceptionHandler(CentresOwnRecord.ProbableMatchException.class)
    ProblemDetail probableMatch(CentresOwnRecord.ProbableMatchException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Confirm identity", e.getMessage());
        problem.setProperty("candidates", e.candidates());
        return problem;
    }

    @ExceptionHandler(ImportRequests.TooManyImportsException.class)
    ProblemDetail tooManyImports(ImportRequests.TooManyImportsException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many imports", e.getMessage());
    }

    @ExceptionHandler(InvalidFilterException.class)
    ProblemDetail invalidFilter(InvalidFilterException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid dashboard filter", e.getMessage());
    }

    @ExceptionHandler(PathwayAlreadyRunningException.class)
    ProblemDetail alreadyRunning(PathwayAlreadyRunningException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Pathway already running", e.getMessage());
        problem.setProperty("runningPathway", "/api/pathways/" + e.processInstanceId());
        return problem;
    }

    @ExceptionHandler(PatientAccessDeniedException.class)
    ProblemDetail patientAccessDenied(PatientAccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "No access to this patient", e.getMessage());
    }

    @ExceptionHandler(ReadNotRecordedException.class)
    ProblemDetail readNotRecorded(ReadNotRecordedException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "The read cannot be recorded", e.getMessage());
    }

    /** A centre did not answer. */
    @ExceptionHandler(CentreCallException.class)
    ProblemDetail centreUnavailable(CentreCallException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "A centre did not answer", e.getMessage());
    }

    @ExceptionHandler(BadUserRequestException.class)
    ProblemDetail badRequest(BadUserRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(AuthorizationException.class)
    ProblemDetail forbidden(AuthorizationException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", "You are not allowed to do this with this pathway");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
