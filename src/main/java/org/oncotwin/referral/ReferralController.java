package org.oncotwin.referral;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.oncotwin.security.PatientAccess;
import org.springframework.security.core.Authentication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/referrals}: every referral with its patient, centres, Task status and deadline. */
@RestController
@RequestMapping("/api/referrals")
class ReferralController {

    private final ReferralQueries referrals;
    private final PatientAccess access;

    ReferralController(ReferralQueries referrals, PatientAccess access) {
        this.referrals = referrals;
        this.access = access;
    }

    @GetMapping
    List<ReferralView> list(@RequestParam(required = false) String status,
                            @RequestParam(required = false) String centre,
                            @RequestParam(required = false) Boolean overdue,
                            @RequestParam(defaultValue = "100") int limit, Authentication user) {
        var scope = access.referralScope(user);
        var filter = new ReferralQueries.Filter(status, centre, overdue, Math.max(1, Math.min(limit, 1000)), scope);
        return access.withEngineRights(() -> referrals.find(filter));
    }

    /** One referral with its status history: patient data, for those who treat the patient (recorded). */
    @GetMapping("/{id}")
    ResponseEntity<ReferralView> get(@PathVariable String id, HttpServletRequest request) {
        var referral = access.withEngineRights(() -> referrals.get(id)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no referral " + id));
        access.requireRead(PatientAccess.reader(request), referral.twinId(), "referral " + id);
        return ResponseEntity.ok(referral);
    }
}
