package org.oncotwin.referral;

import java.util.List;
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

    ReferralController(ReferralQueries referrals) {
        this.referrals = referrals;
    }

    @GetMapping
    List<ReferralView> list(@RequestParam(required = false) String status,
                            @RequestParam(required = false) String centre,
                            @RequestParam(required = false) Boolean overdue,
                            @RequestParam(defaultValue = "100") int limit) {
        return referrals.find(new ReferralQueries.Filter(status, centre, overdue, Math.max(1, Math.min(limit, 1000))));
    }

    @GetMapping("/{id}")
    ResponseEntity<ReferralView> get(@PathVariable String id) {
        return ResponseEntity.ok(referrals.get(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "There is no referral " + id)));
    }
}
