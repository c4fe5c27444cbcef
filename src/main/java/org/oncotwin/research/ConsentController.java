package org.oncotwin.research;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.oncotwin.security.PatientAccess;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's consents: {@code GET /api/twins/{twinId}/consents} for everyone who may see the patient (need to know,
 * the read recorded as an AuditEvent like every twin read); {@code POST /api/twins/{twinId}/consents/{scope}/withdrawal}
 * for coordinators only (group {@code coordinators}, enforced in {@code SecurityConfiguration}; managers, staff,
 * physicians and operators get 403), who must also pass the need-to-know check.
 */
@RestController
@RequestMapping("/api/twins/{twinId}/consents")
class ConsentController {

    private final ConsentService consents;
    private final PatientAccess access;

    ConsentController(ConsentService consents, PatientAccess access) {
        this.consents = consents;
        this.access = access;
    }

    /** Scope, status ({@code active}, {@code rejected}, {@code inactive}), decision, date and withdrawal date. */
    @Operation(summary = "The patient's consents at the centres", description = "Who may see the patient may see "
            + "them (need to know; the read is recorded as an AuditEvent at the coordinating centre).")
    @GetMapping
    List<ConsentService.ConsentView> list(@PathVariable String twinId, HttpServletRequest request) {
        return access.readWhileRecording(PatientAccess.reader(request), twinIdOf(twinId), "consents",
                () -> CompletableFuture.completedFuture(consents.consents(twinId)));
    }

    /**
     * The withdrawal as the patient declared it: {@code date} (ISO, default today, not in the future) and an optional
     * {@code reason}.
     */
    record Withdrawal(String date, String reason) {
    }

    /**
     * Records that the patient withdrew the consent of this scope ({@code research} or {@code patient-privacy}):
     * the Consent becomes {@code inactive}, the earlier version stays in the centre's history. 200 with the consent's
     * state, also for a repeat (which writes nothing); 404 when the patient has no such consent, 409 when the patient
     * had declined it, 400 for an unknown scope or a bad date.
     */
    @Operation(summary = "Record that the patient withdrew a consent", description = "Coordinators only (403 for "
            + "everyone else). scope: research or patient-privacy. The Consent becomes inactive (a new version; the "
            + "earlier stays in the centre's history). 200 with the state, also for a repeat, which writes nothing; "
            + "404 no consent of the scope; 409 the patient had declined it; 400 unknown scope or bad date.")
    @PostMapping("/{scope}/withdrawal")
    ConsentService.ConsentView withdraw(@PathVariable String twinId, @PathVariable String scope,
            @RequestBody(required = false) Withdrawal withdrawal, Principal user, HttpServletRequest request) {
        access.requireRead(PatientAccess.reader(request), twinIdOf(twinId), "consent withdrawal (" + scope + ")");
        return consents.withdraw(twinId, scope, withdrawal == null ? null : withdrawal.date(),
                withdrawal == null ? null : withdrawal.reason(), null, user == null ? null : user.getName());
    }

    @ExceptionHandler(ConsentRequestException.class)
    ResponseEntity<ProblemDetail> refused(ConsentRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle("Consent not withdrawn");
        return ResponseEntity.status(e.status()).body(problem);
    }

    /** A twin id that is no UUID is refused before anything is recorded. */
    private static String twinIdOf(String twinId) {
        try {
            return UUID.fromString(twinId).toString();
        } catch (IllegalArgumentException e) {
            throw ConsentRequestException.badRequest("A twin id is a UUID, was '" + twinId + "'");
        }
    }
}
