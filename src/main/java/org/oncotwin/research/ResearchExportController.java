package org.oncotwin.research;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pseudonymised cohort exports, FHIR Bulk Data style (docs/research.md). Who may call it: members of
 * {@code researchers} only (security/SecurityConfiguration, /api/research/**); an export and its files only the
 * researcher who started it (anyone else gets 404, as if it did not exist).
 */
@RestController
@RequestMapping("/api/research/exports")
class ResearchExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/fhir+ndjson");
    private static final String BASE = "/api/research/exports/";

    private final ResearchExports exports;

    ResearchExportController(ResearchExports exports) {
        this.exports = exports;
    }

    @Operation(summary = "Start a pseudonymised export of the consenting patients meeting the criteria",
            description = "Researchers only. 202 with Content-Location (the status URL); 400 for a bad project, "
                    + "type or criteria, 422 for a cohort below the small-count threshold, 503 without a pseudonym "
                    + "key or when a centre does not answer.")
    @PostMapping
    ResponseEntity<Map<String, Object>> start(@RequestBody ResearchExports.ExportRequest request,
                                              Authentication user) {
        String id = exports.start(user.getName(), request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.CONTENT_LOCATION, BASE + id)
                .body(Map.of("id", id, "status", "running", "statusUrl", BASE + id));
    }

    @Operation(summary = "Status of an export: 202 while running (X-Progress), 200 with the manifest or the error",
            description = "Researchers only, and only the one who started it (404 for anyone else); 410 when "
                    + "expired.")
    @GetMapping("/{id}")
    ResponseEntity<?> status(@PathVariable String id, Authentication user) {
        ExportStore.Export export = find(user, id);
        if (exports.expired(export)) {
            return gone();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", export.id());
        body.put("status", export.status());
        switch (export.status()) {
            case ExportStore.RUNNING -> {
                body.put("progress", export.progress());
                return ResponseEntity.status(HttpStatus.ACCEPTED).header("X-Progress", export.progress())
                        .header(HttpHeaders.RETRY_AFTER, "2").body(body);
            }
            case ExportStore.FAILED -> {
                body.put("error", export.error());
                return ResponseEntity.ok(body);
            }
            default -> {
                body.put("project", export.project());
                body.put("transactionTime", export.requestedAt().toString());
                body.put("request", ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/api/research/exports").toUriString());
                body.put("requiresAccessToken", true);
                body.put("patients", export.patients());
                body.put("output", export.types().stream()
                        .filter(type -> export.resourceCounts().getOrDefault(type, 0) > 0)
                        .map(type -> Map.of("type", type, "url", BASE + id + "/files/" + type + ".ndjson",
                                "count", export.resourceCounts().get(type)))
                        .toList());
                body.put("error", List.of());
                body.put("expires", export.expiresAt().toString());
                return ResponseEntity.ok(body);
            }
        }
    }

    @Operation(summary = "One NDJSON file of a completed export (application/fhir+ndjson)",
            description = "Researchers only, and only the one who started it (404 for anyone else); 410 when "
                    + "expired.")
    @GetMapping("/{id}/files/{type}.ndjson")
    void file(@PathVariable String id, @PathVariable String type, Authentication user, HttpServletResponse response)
            throws IOException {
        ExportStore.Export export = find(user, id);
        if (exports.expired(export)) {
            throw new ExportExpiredException();
        }
        if (!ExportStore.COMPLETED.equals(export.status()) || !export.types().contains(type)) {
            throw new ExportNotFoundException();
        }
        response.setContentType(NDJSON.toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var out = response.getOutputStream();
        exports.file(export, type, part -> {
            try {
                out.write(part.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    @Operation(summary = "Delete an export and its files", description = "Researchers only, and only the one who "
            + "started it (404 for anyone else). The record of the export stays in the research audit.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Authentication user) {
        exports.delete(find(user, id));
        return ResponseEntity.noContent().build();
    }

    private ExportStore.Export find(Authentication user, String id) {
        return exports.of(user.getName(), id).orElseThrow(ExportNotFoundException::new);
    }

    private static ResponseEntity<ProblemDetail> gone() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                "The export has expired and its files were deleted; start it again");
        problem.setTitle("Export expired");
        return ResponseEntity.status(HttpStatus.GONE).body(problem);
    }

    @ExceptionHandler(ExportExpiredException.class)
    ResponseEntity<ProblemDetail> expired() {
        return gone();
    }

    @ExceptionHandler(ExportNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such export");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(InvalidExportException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidExportException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The export cannot be started");
        problem.setTitle("Invalid export request");
        problem.setProperty("errors", e.problems());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(CohortTooSmallException.class)
    ResponseEntity<ProblemDetail> tooSmall(CohortTooSmallException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        problem.setTitle("Cohort too small to export");
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ExceptionHandler({NoPseudonymKeyException.class, CentresUnavailableException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Export not available");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }

    /** An export whose files were or are about to be deleted. */
    static class ExportExpiredException extends RuntimeException {
    }

    /** An export that does not exist, or not for this user. */
    static class ExportNotFoundException extends RuntimeException {
    }
}
