package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.HANDOVER;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractSingleSignOnIT;
import org.oncotwin.testing.TestOpenIdProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

/**
 * Systems call OncoTwin with access tokens of the hospital's OpenID provider: {@code /api} and {@code /engine-rest}
 * take the token's user and groups (Camunda's authorizations and the need-to-know rules apply to them), and refuse
 * tokens of another issuer, expired, forged or meant for another audience. None of these users is a Camunda user.
 */
class SingleSignOnIT extends AbstractSingleSignOnIT {

    @Test
    void theApiTakesTheUserAndGroupsOfTheToken() {
        assertThat(identity.createUserQuery().userIdIn(TestOpenIdProvider.SYSTEMS.keySet().toArray(String[]::new))
                .count()).isZero();
        var coordinator = asSystem("sso-referral-system");
        var manager = asSystem("sso-reporting-system");

        assertThat(coordinator.getForEntity("/api/referrals", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        var started = startPathway("dresden", coordinator);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(started.processInstanceId())
                .singleResult().getStartUserId()).isEqualTo("sso-referral-system");

        assertThat(manager.postForEntity("/api/pathways", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(manager.getForEntity("/api/referrals", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(manager.getForEntity("/api/dashboard/active-pathways", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(coordinator.getForEntity("/api/dashboard/active-pathways", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // basic login against Camunda's users stays, and the login form offers both
        assertThat(as("coordinator").getForEntity("/api/referrals", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(http.getForObject("/login", String.class)).contains("name=\"username\"", "/oauth2/authorization/oidc");
        cleanUp(started.processInstanceId());
    }

    @Test
    void engineRestTakesTheUserAndGroupsOfTheToken() {
        var started = startPathway("dresden", asSystem("sso-referral-system"));
        String step = awaitStep(started.processInstanceId());
        var handover = awaitUserTask(step, HANDOVER);
        var leipzig = asSystem("sso-leipzig-system");
        var dresden = asSystem("sso-dresden-system");

        assertThat(dresden.getForObject("/engine-rest/task?processInstanceId=" + step, List.class)).isEmpty();
        assertThat(dresden.postForEntity("/engine-rest/task/" + handover.getId() + "/claim",
                json(Map.of("userId", "sso-dresden-system")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(leipzig.getForObject("/engine-rest/task?processInstanceId=" + step, List.class)).hasSize(1);
        assertThat(leipzig.postForEntity("/engine-rest/task/" + handover.getId() + "/claim",
                json(Map.of("userId", "sso-leipzig-system")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(tasks.createTaskQuery().taskId(handover.getId()).singleResult().getAssignee())
                .isEqualTo("sso-leipzig-system");
        // the engine API guard sees the token's groups: a physician may not set variables
        assertThat(leipzig.postForEntity("/engine-rest/process-instance/" + step + "/variables",
                json(Map.of("modifications", Map.of())), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        cleanUp(started.processInstanceId());
    }

    @Test
    void tokensOfAnotherIssuerExpiredForgedOrForAnotherAudienceAreRefused() {
        Instant now = Instant.now();
        String issuer = provider().issuer();
        var valid = claims(issuer, now, List.of(TestOpenIdProvider.AUDIENCE));
        assertThat(status("/api/referrals", provider().sign(valid))).as("a valid token").isEqualTo(HttpStatus.OK);

        Map<String, String> refused = Map.of(
                "another issuer", provider().sign(claims("http://localhost:1/other-provider", now,
                        List.of(TestOpenIdProvider.AUDIENCE))),
                "expired", provider().sign(claims(issuer, now.minus(Duration.ofHours(2)),
                        List.of(TestOpenIdProvider.AUDIENCE))),
                "forged", provider().forge(valid),
                "another audience", provider().sign(claims(issuer, now, List.of("another-application"))),
                "not a token", "not-a-token");
        refused.forEach((what, token) -> {
            for (String path : List.of("/api/referrals", "/api/dashboard/active-pathways", "/engine-rest/task")) {
                assertThat(status(path, token)).as(what + " token on " + path).isEqualTo(HttpStatus.UNAUTHORIZED);
            }
        });
    }

    /** A coordinator's token as the provider issues it, valid for an hour from {@code issuedAt}. */
    private static JwtClaimsSet claims(String issuer, Instant issuedAt, List<String> audience) {
        return JwtClaimsSet.builder().issuer(issuer).subject("sso-referral-system").audience(audience)
                .issuedAt(issuedAt).expiresAt(issuedAt.plus(Duration.ofHours(1)))
                .claim("groups", List.of("coordinators")).build();
    }

    private HttpStatus status(String path, String token) {
        return HttpStatus.valueOf(withToken(token).getForEntity(path, String.class).getStatusCode().value());
    }
}
