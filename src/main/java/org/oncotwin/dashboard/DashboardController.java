package org.oncotwin.dashboard;

import static org.oncotwin.dashboard.DashboardFigures.*;

import io.swagger.v3.oas.annotations.Operation;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.oncotwin.process.ProcessKeys;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/dashboard/...}: the pathway figures for managers, as JSON or, with {@code format=csv}, as CSV. Every
 * endpoint takes the same filters: {@code from} and {@code to} (dates, inclusive; default the last 12 months),
 * {@code centre} and {@code model}.
 */
@RestController
@RequestMapping("/api/dashboard")
@Tag(name = "Dashboard", description = "Pathway figures for managers (group managers)")
class DashboardController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final DashboardQueries queries;
    private final IncidentFigures incidents;
    private final DashboardProperties properties;
    private final CentreDirectory centres;
    private final RepositoryService repository;
    private final Clock clock;

    DashboardController(DashboardQueries queries, IncidentFigures incidents, DashboardProperties properties,
                        CentreDirectory centres, RepositoryService repository, Clock clock) {
        this.queries = queries;
        this.incidents = incidents;
        this.properties = properties;
        this.centres = centres;
        this.repository = repository;
        this.clock = clock;
    }

    /** The filter parameters every figure takes. */
    record FilterParameters(
            @Parameter(description = "first day (ISO date), default 12 months ago") LocalDate from,
            @Parameter(description = "last day, inclusive (ISO date), default today") LocalDate to,
            @Parameter(description = "centre id: pathways it coordinates or receives referrals for") String centre,
            @Parameter(description = "pathway model (process definition key)") String model,
            @Parameter(description = "json (default) or csv") String format) {
    }

    @Operation(summary = "Targets, refresh interval, centres and pathway models (for the page's filters)")
    @GetMapping("/settings")
    Settings settings() {
        return new Settings(properties.referralToTreatmentTargetDays(), properties.decisionToTreatmentTargetDays(),
                properties.refreshInterval().toSeconds(), centres.all().stream().map(Centre::id).toList(),
                models());
    }

    @Operation(summary = "Active pathways by stage and by the centre where the patient is now")
    @GetMapping("/active-pathways")
    ResponseEntity<?> activePathways(@ParameterObject FilterParameters parameters) {
        ActivePathways figures = queries.activePathways(filter(parameters));
        return respond(parameters, figures, StageCount.class, figures.byStageAndCentre(), "active-pathways");
    }

    @Operation(summary = "Days from referral and from decision to treat to first treatment: median, p90, share "
            + "within target, trend")
    @GetMapping("/time-to-treatment")
    ResponseEntity<?> timeToTreatment(@ParameterObject FilterParameters parameters,
                                      @Parameter(description = "week (default) or month")
                                      @RequestParam(defaultValue = "week") String bucket) {
        if (!"week".equals(bucket) && !"month".equals(bucket)) {
            throw new InvalidFilterException("bucket must be week or month, not '" + bucket + "'");
        }
        TimeToTreatment figures = queries.timeToTreatment(filter(parameters), bucket);
        return respond(parameters, figures, TrendPoint.class, figures.trend(), "time-to-treatment");
    }

    @Operation(summary = "Hours from referral sent to accepted, and accepted to started, per centre pair")
    @GetMapping("/handovers")
    ResponseEntity<?> handovers(@ParameterObject FilterParameters parameters) {
        Handovers figures = queries.handovers(filter(parameters));
        return respond(parameters, figures, HandoverWait.class, figures.pairs(), "handovers");
    }

    @Operation(summary = "Open referrals by status and age; referrals past their answer deadline")
    @GetMapping("/open-referrals")
    ResponseEntity<?> openReferrals(@ParameterObject FilterParameters parameters) {
        OpenReferrals figures = queries.openReferrals(filter(parameters));
        return respond(parameters, figures, OpenByStatus.class, figures.byStatus(), "open-referrals");
    }

    @Operation(summary = "Referrals past their answer deadline, most overdue first, with links to twin and Cockpit")
    @GetMapping("/overdue-referrals")
    ResponseEntity<?> overdueReferrals(@ParameterObject FilterParameters parameters) {
        List<OverdueReferral> overdue = queries.openReferrals(filter(parameters)).overdue();
        return respond(parameters, overdue, OverdueReferral.class, overdue, "overdue-referrals");
    }

    @Operation(summary = "Rejected and failed referrals by centre and reason")
    @GetMapping("/rejections")
    ResponseEntity<?> rejections(@ParameterObject FilterParameters parameters) {
        List<ProblemCount> problems = queries.rejectionsAndFailures(filter(parameters));
        return respond(parameters, problems, ProblemCount.class, problems, "rejections");
    }

    @Operation(summary = "Incidents open now (failed FHIR updates), newest first, with links to Cockpit")
    @GetMapping("/incidents")
    ResponseEntity<?> incidents(@ParameterObject FilterParameters parameters) {
        filter(parameters);
        Incidents open = incidents.open();
        return respond(parameters, open, IncidentView.class, open.newest(), "incidents");
    }

    private DashboardFilter filter(FilterParameters parameters) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = parameters.to() != null ? parameters.to() : today;
        LocalDate from = parameters.from() != null ? parameters.from() : to.minusMonths(12);
        if (from.isAfter(to)) {
            throw new InvalidFilterException("from (" + from + ") is after to (" + to + ")");
        }
        String centre = blankToNull(parameters.centre());
        if (centre != null) {
            centres.require(centre);
        }
        String model = blankToNull(parameters.model());
        if (model != null && !models().contains(model)) {
            throw new InvalidFilterException("unknown pathway model '" + model + "'; known: " + models());
        }
        String format = blankToNull(parameters.format());
        if (format != null && !"json".equals(format) && !"csv".equals(format)) {
            throw new InvalidFilterException("format must be json or csv, not '" + format + "'");
        }
        return new DashboardFilter(from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), centre, model);
    }

    private List<String> models() {
        return repository.createProcessDefinitionQuery().latestVersion().startableInTasklist().list().stream()
                .map(ProcessDefinition::getKey).filter(ProcessKeys::isPathway).sorted().toList();
    }

    private static <T extends Record> ResponseEntity<?> respond(@ParameterObject FilterParameters parameters, Object json,
                                                                Class<T> rowType, List<? extends T> rows,
                                                                String name) {
        if ("csv".equals(parameters.format())) {
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                    .body(Csv.of(rowType, rows));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
