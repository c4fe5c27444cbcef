package org.oncotwin.pathway;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.oncotwin.security.PatientAccess;
import org.oncotwin.process.ProcessKeys;
import org.springframework.http.ResponseEntity;
import org.oncotwin.referral.ReferralChangingException;
import org.oncotwin.referral.ReferralHolds;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/pathways}: start a pathway for a patient, and see where it stands. */
@RestController
@RequestMapping("/api/pathways")
class PathwayController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PathwayService pathways;
    private final PathwayDetails details;
    private final PatientAccess access;
    private final StartRequests startRequests;

    PathwayController(PathwayService pathways, PathwayDetails details, PatientAccess access,
                      StartRequests startRequests) {
        this.pathways = pathways;
        this.details = details;
        this.access = access;
        this.startRequests = startRequests;
    }

    /**
     * Starts a pathway; {@code ?pathway=NeoadjuvantPathway} picks another model than the oncology pathway. With an
     * {@code Idempotency-Key} header a repeated request (a client's retry) answers what the first one started.
     */
    @PostMapping
    ResponseEntity<PathwayService.StartedPathway> start(@RequestBody PathwayIntake intake,
            @RequestParam(defaultValue = ProcessKeys.ONCOLOGY_PATHWAY) String pathway,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, Principal user) {
        if (idempotencyKey == null) {
            return created(pathways.start(pathway, intake));
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > StartRequests.MAX_KEY_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, IDEMPOTENCY_KEY + " must hold 1 to "
                    + StartRequests.MAX_KEY_LENGTH + " characters");
        }
        var earlier = startRequests.claim(user.getName(), idempotencyKey);
        if (earlier.isPresent()) {
            if (!earlier.get().finished()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "A request with this " + IDEMPOTENCY_KEY
                        + " is still being processed");
            }
            return created(new PathwayService.StartedPathway(earlier.get().twinId(),
                    earlier.get().processInstanceId()));
        }
        try {
            var started = pathways.start(pathway, intake);
            startRequests.completed(user.getName(), idempotencyKey, started);
            return created(started);
        } catch (RuntimeException e) {
            startRequests.release(user.getName(), idempotencyKey);
            throw e;
        }
    }

    private static ResponseEntity<PathwayService.StartedPathway> created(PathwayService.StartedPathway started) {
        return ResponseEntity.created(URI.create("/api/pathways/" + started.processInstanceId())).body(started);
    }

    record Withdrawal(String reason) {
    }

    @PostMapping("/{processInstanceId}/withdrawal")
    ResponseEntity<Void> withdraw(@PathVariable String processInstanceId, @RequestBody(required = false) Withdrawal w) {
        if (!pathways.withdraw(processInstanceId, w == null ? null : w.reason())) {
            throw noRunningPathway(processInstanceId);
        }
        return ResponseEntity.accepted().build();
    }

    record Hold(String reason) {
    }

    /**
     * Coordinators put a pathway on hold: it stops, and its open referrals go {@code on-hold} at the centres with the
     * reason. The answer names the referrals whose centre was told and those it could not reach (call them); 409 when
     * a centre has just changed a referral (try again in a moment).
     */
    @PostMapping("/{processInstanceId}/hold")
    ResponseEntity<ReferralHolds.CentresTold> hold(@PathVariable String processInstanceId,
                                                   @RequestBody(required = false) Hold hold, Principal user) {
        String reason = hold == null || hold.reason() == null || hold.reason().isBlank() ? "Pathway on hold"
                : hold.reason();
        try {
            return ResponseEntity.ok(pathways.hold(processInstanceId, user.getName(), reason)
                    .orElseThrow(() -> noRunningPathway(processInstanceId)));
        } catch (ReferralChangingException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /** Coordinators resume a pathway on hold; the referrals go back to the status they had at the centres. */
    @PostMapping("/{processInstanceId}/resume")
    ResponseEntity<ReferralHolds.CentresTold> resume(@PathVariable String processInstanceId, Principal user) {
        return ResponseEntity.ok(pathways.resume(processInstanceId, user.getName())
                .orElseThrow(() -> noRunningPathway(processInstanceId)));
    }

    /**
     * {@code GET /api/pathways?twinId=}: the patient's pathways and where each stands now (the twin page's "Pathways"),
     * for those who treat the patient (recorded, like every read of patient data).
     */
    @GetMapping(params = "twinId")
    ResponseEntity<List<PathwayOverview>> ofPatient(@RequestParam String twinId, HttpServletRequest request) {
        String id = twinIdOf(twinId);
        access.requireRead(PatientAccess.reader(request), id, "pathways of the patient");
        return ResponseEntity.ok(access.withEngineRights(() -> pathways.ofPatient(id)));
    }

    private static String twinIdOf(String twinId) {
        try {
            return UUID.fromString(twinId).toString();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A twin id is a UUID, was '" + twinId + "'");
        }
    }

    /** Where a pathway stands, with its variables: patient data, for those who treat the patient (recorded). */
    @GetMapping("/{processInstanceId}")
    ResponseEntity<PathwayService.PathwayState> get(@PathVariable String processInstanceId,
                                                    HttpServletRequest request) {
        var state = access.withEngineRights(() -> pathways.find(processInstanceId)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no pathway " + processInstanceId));
        access.requireRead(PatientAccess.reader(request), state.twinId(), "pathway state");
        return ResponseEntity.ok(state);
    }

    /**
     * {@code GET /api/pathways/{id}/overview}: the pathway page's data (steps, centres, referral statuses and
     * deadlines, open tasks, incidents): patient data, for those who treat the patient (recorded).
     */
    @GetMapping("/{processInstanceId}/overview")
    ResponseEntity<PathwayDetail> overview(@PathVariable String processInstanceId, HttpServletRequest request) {
        var detail = access.withEngineRights(() -> details.of(processInstanceId)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no pathway " + processInstanceId));
        access.requireRead(PatientAccess.reader(request), detail.twinId(), "pathway overview");
        return ResponseEntity.ok(detail);
    }

    private static ResponseStatusException noRunningPathway(String processInstanceId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no running pathway " + processInstanceId);
    }
}
