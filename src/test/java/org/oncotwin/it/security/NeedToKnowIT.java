package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.oncotwin.fhir.AuditEventMapping;
import org.oncotwin.security.PatientAccess;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The access matrix: every role, and a user of a centre the patient's pathway never involved, against every endpoint
 * family that shows patient data, on a real pathway (coordinated at Leipzig, referred to Dresden). Every read of
 * patient data, allowed or refused, becomes an AuditEvent at the coordinating centre.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeedToKnowIT extends AbstractPathwayIT {

    @Autowired
    JdbcTemplate jdbc;
    private StartedPathway pathway;
    private String step;

    @BeforeAll
    void aPathwayReferredToDresden() {
        pathway = startPathway("dresden");
        step = awaitStep(pathway.processInstanceId());
        handOver(step);
    }

    @AfterAll
    void cleanUpPathway() {
        cleanUp(pathway.processInstanceId());
    }

    @Test
    void everyRoleGetsWhatItNeedsAndNoMore() {
        String twin = "/api/twins/" + pathway.twinId();
        String state = "/api/pathways/" + pathway.processInstanceId();
        String referral = "/api/referrals/" + step;
        String pathways = "/api/pathways?twinId=" + pathway.twinId();
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        //                              twin  FHIR  state referral list dashboard pathways
        expected.put("coordinator", List.of(200, 200, 200, 200, 200, 403, 200));
        expected.put("leipzig-physician", List.of(200, 200, 200, 200, 200, 403, 200));
        expected.put("dresden-staff", List.of(200, 200, 200, 200, 200, 403, 200));
        expected.put("dresden-physician", List.of(200, 200, 200, 200, 200, 403, 200));
        expected.put("prague-staff", List.of(403, 403, 403, 403, 200, 403, 403));
        expected.put("prague-physician", List.of(403, 403, 403, 403, 200, 403, 403));
        expected.put("manager", List.of(403, 403, 403, 403, 403, 200, 403));
        expected.put("admin", List.of(403, 403, 403, 403, 403, 200, 403));

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (String user : expected.keySet()) {
            var as = as(user);
            actual.put(user, List.of(status(as, twin, MediaType.APPLICATION_JSON),
                    status(as, twin, MediaType.parseMediaType("application/fhir+json")),
                    status(as, state, MediaType.APPLICATION_JSON), status(as, referral, MediaType.APPLICATION_JSON),
                    status(as, "/api/referrals", MediaType.APPLICATION_JSON),
                    status(as, "/api/dashboard/active-pathways", MediaType.APPLICATION_JSON),
                    status(as, pathways, MediaType.APPLICATION_JSON)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(http.getForEntity(twin, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theEngineApiShowsAPathwaysVariablesOnlyToTheNetworksCoordinators() {
        String variables = "/engine-rest/history/variable-instance?processInstanceId=" + pathway.processInstanceId();
        assertThat(as("coordinator").getForObject(variables, List.class)).isNotEmpty();
        for (String user : List.of("manager", "prague-staff", "dresden-staff", "leipzig-physician")) {
            assertThat(as(user).getForObject(variables, List.class)).as(user).isEmpty();
        }
    }

    @Test
    void aCentreSeesInTheReferralListOnlyTheReferralsFromOrToIt() {
        assertThat(referralIds(as("dresden-staff"))).contains(step);
        assertThat(referralIds(as("prague-staff"))).doesNotContain(step);
        assertThat(referralIds(as("coordinator"))).contains(step);
    }

    @Test
    void anOperatorOpensATwinOnlyByBreakingTheGlassAndItIsRecordedAtTheCoordinatingCentre() {
        String twin = "/api/twins/" + pathway.twinId();
        var refused = as("admin").exchange(twin, HttpMethod.GET, request(MediaType.APPLICATION_JSON, null),
                Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat((String) refused.getBody().get("detail")).contains(PatientAccess.BREAK_GLASS_HEADER);

        String reason = "Incident INC-4711: pathway stuck, patient waiting";
        var allowed = as("admin").exchange(twin, HttpMethod.GET, request(MediaType.APPLICATION_JSON, reason),
                String.class);
        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.OK);

        awaitReadsDelivered(pathway.twinId());
        List<AuditEvent> reads = auditEventsOf(pathway.twinId());
        assertThat(reads).anySatisfy(event -> {
            assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("BTG");
            assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
            assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("admin");
            assertThat(event.getOutcomeDesc()).contains(reason);
        });
    }

    @Test
    void everyReadAndEveryRefusalIsAnAuditEventAtTheCoordinatingCentre() {
        awaitReadsDelivered(pathway.twinId());
        int before = auditEventsOf(pathway.twinId()).size();
        assertThat(status(as("dresden-staff"), "/api/twins/" + pathway.twinId(), MediaType.APPLICATION_JSON))
                .isEqualTo(200);
        assertThat(status(as("prague-staff"), "/api/twins/" + pathway.twinId(), MediaType.APPLICATION_JSON))
                .isEqualTo(403);

        awaitReadsDelivered(pathway.twinId());
        List<AuditEvent> reads = auditEventsOf(pathway.twinId());
        assertThat(reads).hasSize(before + 2);
        AuditEvent allowed = reads.stream().filter(e -> "dresden-staff".equals(who(e))).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(allowed.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(allowed.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(allowed.getEntityFirstRep().getDescription()).isEqualTo("twin timeline");
        assertThat(allowed.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
        AuditEvent refused = reads.stream().filter(e -> "prague-staff".equals(who(e))).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        // the receiving centre and the uninvolved one hold no record of the reads
        assertThat(records("prague").search(AuditEvent.class, "")).noneMatch(e -> isAbout(e, pathway.twinId()));
    }

    /** Reads are recorded in OncoTwin's database first and reach the coordinating centre within seconds. */
    private void awaitReadsDelivered(String twinId) {
        await("the records of the reads at the coordinating centre", () -> jdbc.queryForObject(
                "select count(*) from ot_access_record where audit_event like ?", Long.class, "%" + twinId + "%") == 0);
    }

    private List<AuditEvent> auditEventsOf(String twinId) {
        return records("leipzig").search(AuditEvent.class, "").stream().filter(e -> isAbout(e, twinId)).toList();
    }

    private static boolean isAbout(AuditEvent event, String twinId) {
        return event.getEntity().stream().anyMatch(entity -> twinId.equals(entity.getWhat().getIdentifier()
                .getValue()));
    }

    private static String who(AuditEvent event) {
        var identifier = event.getAgentFirstRep().getWho().getIdentifier();
        return AuditEventMapping.USER_SYSTEM.equals(identifier.getSystem()) ? identifier.getValue() : null;
    }

    @SuppressWarnings("unchecked")
    private List<String> referralIds(TestRestTemplate as) {
        List<Map<String, Object>> referrals = as.getForObject("/api/referrals?limit=1000", List.class);
        List<String> ids = new ArrayList<>();
        referrals.forEach(r -> ids.add((String) r.get("id")));
        return ids;
    }

    private static int status(TestRestTemplate as, String path, MediaType accept) {
        return as.exchange(path, HttpMethod.GET, request(accept, null), String.class).getStatusCode().value();
    }

    private static HttpEntity<Void> request(MediaType accept, String breakGlassReason) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(accept));
        if (breakGlassReason != null) {
            headers.set(PatientAccess.BREAK_GLASS_HEADER, breakGlassReason);
        }
        return new HttpEntity<>(headers);
    }
}
