package org.oncotwin.research;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.oncotwin.centre.CareStepKinds;
import org.oncotwin.centre.Modality;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
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

    private static final List<String> SEXES = List.of("female", "male", "other", "unknown");
    private static final Map<String, List<String>> TNM_EXAMPLES = Map.of(
            "t", List.of("T0", "Tis", "T1", "T2", "T3", "T4"),
            "n", List.of("N0", "N1", "N2", "N3"),
            "m", List.of("M0", "M1"));

    private final Feasibility feasibility;
    private final CareStepKinds kinds;

    ResearchController(Feasibility feasibility, CareStepKinds kinds) {
        this.feasibility = feasibility;
        this.kinds = kinds;
    }

    /** The choices of the research page's criteria form; no patient data. */
    record CriteriaOptions(List<Option> modalities, List<String> sexes, Map<String, List<String>> tnmExamples) {
    }

    record Option(String code, String display) {
    }

    /**
     * What the criteria form offers: the kinds of treatment OncoTwin knows ({@link CareStepKinds}), the sexes and TNM
     * examples. Read-only; researchers only, like the whole research API (security/SecurityConfiguration).
     */
    @Operation(summary = "The choices of the criteria form",
            description = "Researchers only (read-only, no patient data): treatment modalities, sexes, TNM examples.")
    @GetMapping("/criteria-options")
    CriteriaOptions criteriaOptions() {
        List<Option> modalities = kinds.all().stream().filter(Modality::treatment)
                .map(kind -> new Option(kind.code(), kind.display())).toList();
        return new CriteriaOptions(modalities, SEXES, TNM_EXAMPLES);
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
