package org.oncotwin.it.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.SyntheticCohort;
import org.oncotwin.testing.SyntheticCohort.Question;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Federated feasibility on real centres: counts equal the generated ground truth (consenting patients only, facts
 * from several centres combined), small counts are hidden without leaking through the total, every query is
 * recorded, the rate limit holds, a centre that is down is named, and only researchers may ask.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeasibilityIT extends AbstractPathwayIT {

    private static final List<String> CENTRES = List.of("leipzig", "dresden", "prague");
    /** Generated patients were diagnosed in these years, long before any other test's patients. */
    private static final LocalDate FROM = LocalDate.of(1961, 1, 1);
    private static final LocalDate TO = LocalDate.of(1966, 12, 31);

    @Autowired
    private JdbcTemplate jdbc;
    private List<SyntheticCohort.SyntheticPatient> patients;

    @BeforeAll
    void generate() {
        patients = SyntheticCohort.generate(240, 1961, 1961, 1965, CENTRES);
        Map<String, String> urls = new LinkedHashMap<>();
        CENTRES.forEach(centre -> urls.put(centre, centre(centre).baseUrl()));
        SyntheticCohort.write(fhirContext, urls, patients, 60);
        for (int i = 1; i <= 6; i++) {
            String id = "researcher-fit" + i;
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setPassword("demo");
                identity.saveUser(user);
                identity.createMembership(id, "researchers");
            }
        }
    }

    @Test
    void countsEqualTheGroundTruthOfConsentingPatientsAcrossCentres() {
        List<Question> questions = List.of(
                new Question("C50", null, null, null, null, FROM, TO, null, null, null),
                new Question("C50", null, "N1", null, "radiotherapy", FROM, TO, null, null, null),
                new Question("C", "T2", null, "M0", null, FROM, TO, 40, 65, "female"),
                new Question(null, null, null, null, "surgery", FROM, TO, null, null, null),
                new Question("C34.1", null, null, null, null, FROM, TO, null, null, "male"));
        int checked = 0;
        for (Question question : questions) {
            var truth = SyntheticCohort.truth(patients, question, CENTRES);
            Map<String, Object> answer = ask("researcher-fit1", question).getBody();
            assertThat(answer.get("complete")).isEqualTo(true);
            assertThat(answer.get("total")).as("total of %s", question).isEqualTo(shown(truth.total()));
            for (Map<String, Object> centre : centres(answer)) {
                int expected = truth.perCentre().get((String) centre.get("centre"));
                String count = (String) centre.get("count");
                if (!count.startsWith("<")) {
                    assertThat(count).as("%s at %s", question, centre.get("centre")).isEqualTo(
                            Integer.toString(expected));
                    checked++;
                } else {
                    assertThat(expected).as("hidden count at %s", centre.get("centre")).isLessThan(
                            Math.max(5, smallestShownOrLarge(truth.perCentre())) + 1);
                }
            }
        }
        assertThat(checked).as("exact per-centre counts compared").isGreaterThan(8);
        // the criterion that needs two centres: diagnosis at home, radiotherapy elsewhere
        var crossCentre = SyntheticCohort.truth(patients,
                new Question("C50", null, "N1", null, "radiotherapy", FROM, TO, null, null, null), CENTRES);
        assertThat(crossCentre.patients()).anyMatch(p -> !p.homeCentre().equals(p.treatments().stream()
                .filter(t -> t.modality().equals("radiotherapy")).findFirst().orElseThrow().centre()));
    }

    @Test
    void patientsWithoutAnActiveResearchConsentAreNeverCounted() {
        var declined = patients.stream().filter(p -> p.consent() != SyntheticCohort.ConsentState.PERMIT).toList();
        assertThat(declined).isNotEmpty();
        // a question only a non-consenting patient meets: their exact diagnosis day
        var patient = declined.get(0);
        var question = new Question(patient.diagnosis(), null, null, null, null, patient.diagnosedOn(),
                patient.diagnosedOn(), null, null, null);
        var truth = SyntheticCohort.truth(patients, question, CENTRES);
        Map<String, Object> answer = ask("researcher-fit1", question).getBody();
        assertThat(answer.get("total")).isEqualTo(shown(truth.total()));
        assertThat(truth.patients()).doesNotContain(patient);
    }

    @Test
    void eachQueryTellsTheCentresAsTheyAreNowAfterWithdrawalsDeletionsAndNewPatients() {
        // its own patients (diagnosed 1967-1968, outside the other tests' period), since it changes them
        Map<String, String> urls = new LinkedHashMap<>();
        CENTRES.forEach(centre -> urls.put(centre, centre(centre).baseUrl()));
        var own = SyntheticCohort.generate(60, 1967, 1967, 1968, CENTRES);
        SyntheticCohort.write(fhirContext, urls, own, 30);
        var question = new Question("C", null, null, null, null, LocalDate.of(1967, 1, 1),
                LocalDate.of(1968, 12, 31), null, null, null);
        var truth = SyntheticCohort.truth(own, question, CENTRES);
        assertThat(truth.total()).as("enough patients to see a change of one").isGreaterThan(6);
        assertThat(ask("researcher-fit6", question).getBody().get("total")).isEqualTo(shown(truth.total()));

        // one withdraws her consent at her centre, another's diagnosis is deleted there, a new one is recorded
        var withdrawing = truth.patients().get(0);
        var home = records(withdrawing.homeCentre());
        var consent = single(home.search(org.hl7.fhir.r4.model.Consent.class,
                "identifier=urn:oncotwin:consent%7C" + withdrawing.twinId() + ".research"));
        consent.setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE);
        home.client().update().resource(consent).execute();
        var forgotten = truth.patients().get(1);
        var forgottenHome = records(forgotten.homeCentre());
        String patientId = single(forgottenHome.search(org.hl7.fhir.r4.model.Patient.class,
                "identifier=urn:oncotwin:twin%7C" + forgotten.twinId())).getIdElement().getIdPart();
        var conditions = forgottenHome.search(org.hl7.fhir.r4.model.Condition.class, "subject=Patient/" + patientId);
        assertThat(conditions).isNotEmpty();
        conditions.forEach(condition -> forgottenHome.client().delete().resourceById(condition.getIdElement()
                .toUnqualifiedVersionless()).execute());
        var newcomer = SyntheticCohort.generate(20, 1968, 1967, 1968, CENTRES).stream()
                .filter(p -> p.consent() == SyntheticCohort.ConsentState.PERMIT).limit(1).toList();
        SyntheticCohort.write(fhirContext, urls, newcomer, 10);

        assertThat(ask("researcher-fit6", question).getBody().get("total"))
                .isEqualTo(Integer.toString(truth.total() - 2 + 1));
    }

    @Test
    void smallCountsAreHiddenSoThatNoneCanBeWorkedOutFromTheTotal() {
        // each centre's count for one diagnosis year: some small, some not
        boolean sawSmall = false;
        for (int year = 1961; year <= 1965; year++) {
            var question = new Question("C61", null, null, null, null, LocalDate.of(year, 1, 1),
                    LocalDate.of(year, 12, 31), null, null, null);
            Map<String, Object> answer = ask("researcher-fit2", question).getBody();
            List<String> counts = centres(answer).stream().map(c -> (String) c.get("count")).toList();
            long hidden = counts.stream().filter(c -> c.equals("<5")).count();
            if (!"<5".equals(answer.get("total"))) {
                assertThat(hidden).as("a single hidden count beside a shown total: %s", counts).isNotEqualTo(1);
            }
            sawSmall |= hidden > 0;
            for (String count : counts) {
                assertThat(count).matches("<5|0|[5-9]|\\d{2,}");
            }
        }
        assertThat(sawSmall).as("the generated data has small counts to hide").isTrue();
    }

    @Test
    void everyQueryIsRecordedWithWhoWhatAndTheAnswer() {
        var question = new Question("C18", null, null, null, null, FROM, TO, null, null, null);
        Map<String, Object> answer = ask("researcher-fit3", question).getBody();
        var recorded = jdbc.queryForList("select outcome, criteria, result from ot_research_query where user_id = ?"
                + " order by asked_at desc", "researcher-fit3");
        assertThat(recorded).isNotEmpty();
        assertThat((String) recorded.get(0).get("criteria")).contains("\"diagnosis\":\"C18\"").contains("1961-01-01");
        assertThat((String) recorded.get(0).get("result")).contains("\"total\":\"" + answer.get("total") + "\"");
        assertThat(recorded.get(0).get("outcome")).isEqualTo("feasibility");
    }

    @Test
    void aResearcherAskingTooOftenIsToldToWait() throws Exception {
        // java.net.http: Spring's client (Apache HttpClient 5) would itself wait for Retry-After and ask again
        var client = java.net.http.HttpClient.newHttpClient();
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                body(new Question("C43", null, null, null, null, FROM, TO, null, null, null)));
        java.net.http.HttpResponse<String> last = null;
        for (int i = 0; i < 8 && (last == null || last.statusCode() == 200); i++) {
            last = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(http.getRootUri() + "/api/research/feasibility"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            "researcher-fit4:demo".getBytes()))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from ot_research_query where user_id = ? and outcome = ?",
                Integer.class, "researcher-fit4", "refused")).isPositive();
    }

    @Test
    void aCentreThatIsDownIsNamedAndTheOthersAreStillCounted() {
        var question = new Question("C50", null, null, null, null, FROM, TO, null, null, null);
        var truth = SyntheticCohort.truth(patients, question, CENTRES);
        centre("prague").stopListening();
        try {
            Map<String, Object> answer = ask("researcher-fit5", question).getBody();
            assertThat(answer.get("complete")).isEqualTo(false);
            assertThat((List<Map<String, Object>>) answer.get("unavailableCentres"))
                    .extracting(c -> c.get("centre")).containsExactly("prague");
            assertThat(centres(answer)).extracting(c -> c.get("centre")).containsExactlyInAnyOrder("leipzig", "dresden");
            var leipzig = centres(answer).stream().filter(c -> c.get("centre").equals("leipzig")).findFirst()
                    .orElseThrow();
            assertThat(leipzig.get("count")).isEqualTo(shown(truth.perCentre().get("leipzig")));
        } finally {
            centre("prague").resumeListening();
        }
    }

    @Test
    void onlyResearchersMayAskAndResearchersSeeNoPatient() {
        var question = body(new Question("C50", null, null, null, null, FROM, TO, null, null, null));
        for (String user : List.of("coordinator", "manager", "admin", "leipzig-staff", "dresden-physician")) {
            assertThat(as(user).postForEntity("/api/research/feasibility", json(question), String.class)
                    .getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(http.postForEntity("/api/research/feasibility", json(question), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        String twin = patients.get(0).twinId();
        assertThat(as("researcher").getForEntity("/api/twins/" + twin, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("researcher").getForEntity("/api/dashboard/figures", String.class).getStatusCode().value())
                .isIn(403, 404);
    }

    @Test
    void criteriaThatCannotBeAskedAreRefusedWithEveryProblem() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("diagnosis", "breast");
        bad.put("t", "T9");
        bad.put("modality", "homeopathy");
        bad.put("minAge", 70);
        bad.put("maxAge", 40);
        ResponseEntity<Map> answer = as("researcher").postForEntity("/api/research/feasibility", json(bad), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) answer.getBody().get("errors")).hasSize(4);
        assertThat(as("researcher").postForEntity("/api/research/feasibility", json("{\"from\":\"yesterday\"}"),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private ResponseEntity<Map<String, Object>> ask(String user, Question question) {
        ResponseEntity<Map> answer = as(user).postForEntity("/api/research/feasibility", json(body(question)),
                Map.class);
        assertThat(answer.getStatusCode()).as("feasibility %s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return (ResponseEntity) answer;
    }

    private static Map<String, Object> body(Question q) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("diagnosis", q.diagnosis());
        body.put("t", q.t());
        body.put("n", q.n());
        body.put("m", q.m());
        body.put("modality", q.modality());
        body.put("from", q.from() == null ? null : q.from().toString());
        body.put("to", q.to() == null ? null : q.to().toString());
        body.put("minAge", q.minAge());
        body.put("maxAge", q.maxAge());
        body.put("sex", q.sex());
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> centres(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("centres");
    }

    private static String shown(int count) {
        return count > 0 && count < 5 ? "<5" : Integer.toString(count);
    }

    /** A count hidden only to protect another is at most the smallest count shown beside it. */
    private static int smallestShownOrLarge(Map<String, Integer> counts) {
        return counts.values().stream().filter(c -> c >= 5).min(Integer::compare).orElse(5);
    }
}
