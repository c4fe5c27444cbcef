package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.http.HttpStatus;

/**
 * Failed logins delay the next attempt and lock for a limited time, never for ever: predictable user names must not
 * let anyone lock a colleague out. (The test profile shortens the delay to one second; production doubles it from 2 s
 * up to 15 min.)
 */
class LockoutIT extends AbstractPathwayIT {

    private static final String USER = "lockout-coordinator";

    @Test
    void wrongPasswordsLockForAWhileThenTheRightOneWorksAgain() throws InterruptedException {
        if (identity.createUserQuery().userId(USER).count() == 0) {
            User user = identity.newUser(USER);
            user.setPassword("right-password");
            identity.saveUser(user);
            identity.createMembership(USER, "coordinators");
        }
        // more wrong passwords than Camunda's default limit, which would lock the account until an admin unlocks it
        for (int attempt = 1; attempt <= 12; attempt++) {
            assertThat(status("wrong-password")).isEqualTo(HttpStatus.UNAUTHORIZED);
            Thread.sleep(1_100);
        }
        assertThat(status("wrong-password")).isEqualTo(HttpStatus.UNAUTHORIZED);
        // right away, even the right password is refused: the account is locked for a moment
        assertThat(status("right-password")).isEqualTo(HttpStatus.UNAUTHORIZED);
        Thread.sleep(1_100);
        assertThat(status("right-password")).isEqualTo(HttpStatus.OK);
    }

    private HttpStatus status(String password) {
        return HttpStatus.valueOf(http.withBasicAuth(USER, password).getForEntity("/api/referrals", String.class)
                .getStatusCode().value());
    }
}
