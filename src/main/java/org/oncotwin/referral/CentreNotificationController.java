package org.oncotwin.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreProperties.Notifications;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a centre on {@code rest-hook} delivers its Subscription's notifications: the changed Task with payload
 * ({@code PUT <endpoint>/Task/<id>}, as HAPI FHIR and other R4 servers deliver it), or an empty notification
 * ({@code POST <endpoint>}), which starts a search. Who may call: only the centre itself, proven by its
 * {@code notification-secret} as bearer token (sent by its Subscription's channel header); people's logins do not
 * count here, and no patient data is answered.
 */
@RestController
@RequestMapping("/centre-notifications/{centreId}")
class CentreNotificationController {

    private static final Logger log = LoggerFactory.getLogger(CentreNotificationController.class);
    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final CentreProperties centres;
    private final CentreTaskWatcher watcher;
    private final FhirContext fhirContext;

    CentreNotificationController(CentreProperties centres, CentreTaskWatcher watcher, FhirContext fhirContext) {
        this.centres = centres;
        this.watcher = watcher;
        this.fhirContext = fhirContext;
    }

    @Operation(summary = "A centre's rest-hook delivers a changed referral Task (caller: the centre, by its secret)")
    @PutMapping("/Task/{taskId}")
    ResponseEntity<String> taskChanged(@PathVariable String centreId, @PathVariable String taskId,
                                       @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                       String authorization,
                                       @RequestBody(required = false) String body) {
        ResponseEntity<String> refused = refuse(centreId, authorization);
        if (refused != null) {
            return refused;
        }
        Task task;
        try {
            task = body == null || body.isBlank() ? null
                    : fhirContext.newJsonParser().parseResource(Task.class, body);
        } catch (DataFormatException | ClassCastException e) {
            return answer(HttpStatus.BAD_REQUEST, IssueSeverity.ERROR, IssueType.STRUCTURE,
                    "Not a FHIR Task in JSON: " + e.getMessage());
        }
        if (task == null) {
            watcher.changed(centreId);
            return answer(HttpStatus.OK, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "searching for changes");
        }
        if (!taskId.equals(task.getIdElement().getIdPart())) {
            return answer(HttpStatus.BAD_REQUEST, IssueSeverity.ERROR, IssueType.INVALID,
                    "The Task's id " + task.getIdElement().getIdPart() + " is not the address's " + taskId);
        }
        if (task.getIdentifier().stream().noneMatch(identifier ->
                BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM.equals(identifier.getSystem()))) {
            return answer(HttpStatus.OK, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL,
                    "not a referral of OncoTwin's; ignored");
        }
        task.setId(task.getIdElement().toUnqualified().withResourceType("Task"));
        watcher.delivered(centreId, task);
        return answer(HttpStatus.OK, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "received");
    }

    @Operation(summary = "A centre's rest-hook notifies without payload: OncoTwin searches (caller: the centre)")
    @PostMapping
    ResponseEntity<String> somethingChanged(@PathVariable String centreId,
                                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                            String authorization) {
        ResponseEntity<String> refused = refuse(centreId, authorization);
        if (refused != null) {
            return refused;
        }
        watcher.changed(centreId);
        return answer(HttpStatus.OK, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "searching for changes");
    }

    /** A referral Task deleted at the centre: nothing to apply (the step's deadline and escalation still run). */
    @Operation(summary = "A centre's rest-hook reports a deleted Task; OncoTwin takes note (caller: the centre)")
    @DeleteMapping("/Task/{taskId}")
    ResponseEntity<String> taskDeleted(@PathVariable String centreId, @PathVariable String taskId,
                                       @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                       String authorization) {
        ResponseEntity<String> refused = refuse(centreId, authorization);
        if (refused != null) {
            return refused;
        }
        log.warn("Centre {} deleted referral Task/{}", centreId, taskId);
        return answer(HttpStatus.OK, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "noted");
    }

    /** 404 for a centre that does not notify by rest-hook, 401 without its secret; null when the caller is the centre. */
    private ResponseEntity<String> refuse(String centreId, String authorization) {
        var entry = centres.centres().get(centreId);
        if (entry == null || entry.notifications() != Notifications.REST_HOOK || entry.notificationSecret() == null
                || entry.notificationSecret().isBlank()) {
            return answer(HttpStatus.NOT_FOUND, IssueSeverity.ERROR, IssueType.NOTFOUND,
                    "No centre " + centreId + " notifies OncoTwin by rest-hook");
        }
        String expected = "Bearer " + entry.notificationSecret();
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            log.warn("Notification for centre {} refused: not sent with the centre's secret", centreId);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .contentType(FHIR_JSON).body(outcome(IssueSeverity.ERROR, IssueType.LOGIN,
                            "Notifications for " + centreId + " need the centre's notification secret"));
        }
        return null;
    }

    private ResponseEntity<String> answer(HttpStatus status, IssueSeverity severity, IssueType type, String text) {
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(outcome(severity, type, text));
    }

    private String outcome(IssueSeverity severity, IssueType type, String text) {
        var outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(text);
        return fhirContext.newJsonParser().encodeResourceToString(outcome);
    }
}
