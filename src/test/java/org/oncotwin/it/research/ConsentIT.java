package org.oncotwin.it.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.VariableNames.*;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.ConsentMapping;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.pathway.CarePlanService;
import org.oncotwin.process.Activities;
import org.oncotwin.process.ConsentDecision;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.process.ProcessKeys;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreRecords;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The patient's consents on real centres: recorded with the registration at the coordinating centre, once; declined
 * recorded as rejected; withdrawn through the API and through Tasklist's RecordConsentWithdrawal as a new version of
 * the same Consent; only coordinators may withdraw.
 */
class ConsentIT extends AbstractPathwayIT {

    @Autowired
    private CarePlanService carePlans;
    @Autowired
    private FormService forms;
    @Autowired
    private RepositoryService repository;

    @Test
    void consentsAreRecordedOnceWithThePatientAndWithdrawnAsANewVersion() {
        var started = startPathway(Map.of(CONSENT_CARE_SHARING, "permit", CONSENT_RESEARCH, "permit"));
        String twin = started.twinId();
        awaitStep(started.processInstanceId()); // registered
        CentreRecords leipzig = records("leipzig");

        Consent research = consentAt(leipzig, twin, "research");
        Consent privacy = consentAt(leipzig, twin, "patient-privacy");
        Patient patient = single(leipzig.search(Patient.class, "identifier=urn:oncotwin:twin|" + twin));
        assertThat(research.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(research.getScope().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/consentscope");
        assertThat(research.getPatient().getReference()).isEqualTo(idOf(patient));
        assertThat(research.getPerformerFirstRep().getReference()).isEqualTo(idOf(patient));
        assertThat(research.getDateTimeElement().getValueAsString()).isEqualTo(LocalDate.now().toString());
        assertThat(research.getOrganizationFirstRep().getIdentifier().getValue()).isEqualTo("leipzig");
        assertThat(research.getPolicyFirstRep().getUri()).isEqualTo(ConsentMapping.MII_BROAD_CONSENT_POLICY);
        assertThat(research.getProvision().getPurposeFirstRep().getCode()).isEqualTo("HRESCH");
        assertThat(privacy.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(privacy.getProvision().getPurposeFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(leipzig.search(Consent.class,
                "identifier=urn:oncotwin:consent|&scope=research&status=active"))
                .as("what research searches").extracting(ConsentMapping::twinIdOf).contains(twin);
        assertThat(targets(leipzig, research)).as("written with the registration").hasSize(1);
        for (String other : List.of("dresden", "prague")) {
            assertThat(records(other).search(Consent.class, "identifier=" + ConsentMapping.IDENTIFIER_SYSTEM + "|"
                    + twin + ".research")).as(other).isEmpty();
        }

        // the registration job runs again, and a later registration of the same twin says otherwise: nothing new
        var repeat = new StepContext(twin, ProcessKeys.ONCOLOGY_PATHWAY, started.processInstanceId(),
                Activities.REGISTER_PATIENT, "tester");
        var details = new PatientDetails(twin, started.mrn(), "Jana", "Novak", LocalDate.of(1961, 4, 23),
                AdministrativeGender.FEMALE);
        var decisions = List.of(new ConsentDecision("research", true, LocalDate.now()),
                new ConsentDecision("patient-privacy", true, LocalDate.now()));
        carePlans.register(repeat, "leipzig", details, List.of(Modality.IMAGING), decisions);
        carePlans.register(new StepContext(twin, ProcessKeys.ONCOLOGY_PATHWAY, "later-pathway-" + twin,
                        Activities.REGISTER_PATIENT, "tester"), "leipzig", details, List.of(Modality.IMAGING),
                List.of(new ConsentDecision("research", false, LocalDate.now())));
        assertThat(consentAt(leipzig, twin, "research").getMeta().getVersionId()).isEqualTo("1");
        assertThat(consentAt(leipzig, twin, "research").getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(consentAt(leipzig, twin, "patient-privacy").getMeta().getVersionId()).isEqualTo("1");

        // who may not withdraw
        String today = LocalDate.now().toString();
        var body = Map.of("date", today, "reason", "Does not want her data used for research any more");
        String withdrawal = "/api/twins/" + twin + "/consents/research/withdrawal";
        assertThat(as("dresden-staff").postForEntity(withdrawal, json(body), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("manager").postForEntity(withdrawal, json(body), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("manager").getForEntity("/api/twins/" + twin + "/consents", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(consentAt(leipzig, twin, "research").getMeta().getVersionId()).isEqualTo("1");

        // bad requests
        assertThat(api().postForEntity("/api/twins/" + twin + "/consents/marketing/withdrawal", json(body),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api().postForEntity(withdrawal, json(Map.of("date", LocalDate.now().plusDays(3).toString())),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api().postForEntity(withdrawal, json(Map.of("date", "30.11.2026")), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api().postForEntity("/api/twins/not-a-twin/consents/research/withdrawal", json(body),
                String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        // the coordinator withdraws: same Consent, version 2, inactive; version 1 stays in the history
        ResponseEntity<Map> withdrawn = api().postForEntity(withdrawal, json(body), Map.class);
        assertThat(withdrawn.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(withdrawn.getBody()).containsEntry("status", "inactive").containsEntry("version", "2")
                .containsEntry("withdrawn", today).containsEntry("consent", idOf(research));
        Consent after = consentAt(leipzig, twin, "research");
        assertThat(idOf(after)).isEqualTo(idOf(research));
        assertThat(after.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(after.getMeta().getVersionId()).isEqualTo("2");
        assertThat(after.getProvision().getPeriod().getEndElement().getValueAsString()).isEqualTo(today);
        assertThat(historyOf(leipzig, after)).hasSize(2);
        Consent first = leipzig.client().read().resource(Consent.class)
                .withIdAndVersion(after.getIdElement().getIdPart(), "1").execute();
        assertThat(first.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(leipzig.search(Consent.class, "identifier=urn:oncotwin:consent|&scope=research&status=active"))
                .as("research no longer counts the patient").extracting(ConsentMapping::twinIdOf).doesNotContain(twin);

        // a repeat answers the state and writes nothing
        ResponseEntity<Map> again = api().postForEntity(withdrawal, json(body), Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).containsEntry("status", "inactive").containsEntry("version", "2");
        assertThat(historyOf(leipzig, after)).as("no version 3").hasSize(2);

        // the patient withdraws the care sharing consent at the coordinator's desk (Tasklist)
        HistoricProcessInstance recorded = withdrawInTasklist(twin, "patient-privacy", today);
        assertThat(recorded.getEndActivityId()).isEqualTo(Activities.CONSENT_WITHDRAWN);
        Consent privacyAfter = consentAt(leipzig, twin, "patient-privacy");
        assertThat(idOf(privacyAfter)).isEqualTo(idOf(privacy));
        assertThat(privacyAfter.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(privacyAfter.getMeta().getVersionId()).isEqualTo("2");
        assertThat(historyOf(leipzig, privacyAfter)).hasSize(2);
        assertThat(withdrawInTasklist(twin, "patient-privacy", today).getEndActivityId())
                .as("a repeat in Tasklist ends withdrawn too").isEqualTo(Activities.CONSENT_WITHDRAWN);
        assertThat(historyOf(leipzig, privacyAfter)).as("and writes nothing").hasSize(2);

        List<Map<String, Object>> listed = api().getForObject("/api/twins/" + twin + "/consents", List.class);
        assertThat(listed).extracting(c -> c.get("scope") + " " + c.get("status") + " " + c.get("decision"))
                .containsExactly("research inactive permit", "patient-privacy inactive permit");
        cleanUp(started.processInstanceId());
    }

    @Test
    void aDeclinedConsentIsRecordedAsRejectedAndCannotBeWithdrawn() {
        var started = startPathway(Map.of(CONSENT_RESEARCH, "deny", CONSENT_DATE, "2026-11-02"));
        String twin = started.twinId();
        awaitStep(started.processInstanceId());
        CentreRecords leipzig = records("leipzig");

        Consent research = consentAt(leipzig, twin, "research");
        assertThat(research.getStatus()).isEqualTo(Consent.ConsentState.REJECTED);
        assertThat(research.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        assertThat(research.getDateTimeElement().getValueAsString()).isEqualTo("2026-11-02");
        assertThat(leipzig.search(Consent.class, "identifier=" + ConsentMapping.IDENTIFIER_SYSTEM + "|" + twin
                + ".patient-privacy")).as("not asked: no Consent").isEmpty();

        assertThat(api().postForEntity("/api/twins/" + twin + "/consents/research/withdrawal", json(Map.of()),
                String.class).getStatusCode()).as("declined: nothing to withdraw").isEqualTo(HttpStatus.CONFLICT);
        assertThat(api().postForEntity("/api/twins/" + twin + "/consents/patient-privacy/withdrawal", json(Map.of()),
                String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(consentAt(leipzig, twin, "research").getMeta().getVersionId()).isEqualTo("1");

        HistoricProcessInstance nothing = withdrawInTasklist(UUID.randomUUID().toString(), "research", null);
        assertThat(nothing.getEndActivityId()).isEqualTo(Activities.CONSENT_NOT_WITHDRAWN);
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(nothing.getId())
                .variableName(CONSENT_WITHDRAWAL_PROBLEM).singleResult().getValue().toString())
                .contains("has no research consent");
        cleanUp(started.processInstanceId());
    }

    private StartedPathway startPathway(Map<String, String> consent) {
        String mrn = "LE-" + UUID.randomUUID().toString().substring(0, 8);
        var intake = new HashMap<String, Object>(Map.of(PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana",
                PATIENT_BIRTH_DATE, "1961-04-23", PATIENT_GENDER, "female", PATIENT_MRN, mrn, DIAGNOSTICS_CENTRE,
                "leipzig", REFERRAL_REASON, "Suspected skull base chordoma"));
        intake.putAll(consent);
        var response = api().postForEntity("/api/pathways", intake, StartedPathway.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new StartedPathway(response.getBody().twinId(), response.getBody().processInstanceId(), mrn);
    }

    /** As a coordinator in Tasklist: the start form, then the engine's job executor runs the service task. */
    private HistoricProcessInstance withdrawInTasklist(String twin, String scope, String date) {
        var definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(ProcessKeys.RECORD_CONSENT_WITHDRAWAL).latestVersion().singleResult();
        Map<String, Object> fields = new HashMap<>(Map.of(TWIN_ID, twin, CONSENT_SCOPE, scope,
                WITHDRAWAL_REASON, "Told the coordinator on the phone"));
        if (date != null) {
            fields.put(WITHDRAWAL_DATE, date);
        }
        identity.setAuthentication("coordinator", groupsOf("coordinator"));
        String id;
        try {
            id = forms.submitStartForm(definition.getId(), fields).getId();
        } finally {
            identity.clearAuthentication();
        }
        awaitEnd(id);
        return history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private static Consent consentAt(CentreRecords centre, String twin, String scope) {
        return single(centre.search(Consent.class, "identifier=" + ConsentMapping.IDENTIFIER_SYSTEM + "|" + twin + "."
                + scope));
    }

    private static List<Bundle.BundleEntryComponent> historyOf(CentreRecords centre, Consent consent) {
        return centre.client().history().onInstance(consent.getIdElement().toUnqualifiedVersionless())
                .returnBundle(Bundle.class).execute().getEntry();
    }
}
