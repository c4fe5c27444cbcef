package org.oncotwin.research;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Research API. Who may call it: members of {@code researchers} only (security/SecurityConfiguration); nobody else,
 * not even coordinators or administrators, since research sees a different, consent-bound view of the network.
 */
@RestController
@RequestMapping("/api/research")
class ResearchController {

    private final Feasibility feasibility;

    ResearchController(Feasibility feasibility) {
        this.feasibility = feasibility;
    }

    @Operation(summary = "Count consenting patients meeting the criteria, per centre and in all",
            description = "Researchers only. Counts below the threshold are shown as '<5'; each query is recorded; "
                    + "at most oncotwin.research.queries-per-minute a minute (429 beyond).")
    @PostMapping("/feasibility")
    FeasibilityAnswer feasibility(@RequestBody ResearchCriteria criteria, Authentication user) {
        return feasibility.ask(user.getName(), criteria);
    }

    @ExceptionHandler(InvalidCriteriaException.class)
    ProblemDetail invalidCriteria(InvalidCriteriaException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The research criteria cannot be asked");
        problem.setTitle("Invalid research criteria");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(TooManyQueriesException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyQueriesException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many research queries");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds())).body(problem);
    }
}
