package org.oncotwin.pathway;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.oncotwin.centre.UnknownCentreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refused API input into RFC 9457 problem details. */
@RestControllerAdvice(basePackages = "org.oncotwin")
class ApiErrors {

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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Unknown pathway");
        return problem;
    }

    @ExceptionHandler(AuthorizationException.class)
    ProblemDetail forbidden(AuthorizationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "You are not allowed to do this with this pathway");
        problem.setTitle("Forbidden");
        return problem;
    }

    @ExceptionHandler(BadUserRequestException.class)
    ProblemDetail badRequest(BadUserRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad request");
        return problem;
    }

    @ExceptionHandler(UnknownCentreException.class)
    ProblemDetail unknownCentre(UnknownCentreException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Unknown centre");
        return problem;
    }
}
