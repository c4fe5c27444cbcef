package org.oncotwin.it.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oncotwin.process.Activities.*;
import static org.oncotwin.process.VariableNames.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.InputParameters;
import org.oncotwin.testing.AbstractPathwayIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A new pathway with a new kind of care, without Java and without a restart: docs/pathways.md's worked example
 * ({@code processes/examples/palliative-pathway.bpmn}, kind {@code palliative-care} configured in the test profile)
 * deployed by an operator through the REST API, started by a coordinator and run to the end against the real
 * centres. Broken models are refused when deployed, naming the element and the problem.
 */
class NewKindOfCareIT extends AbstractPathwayIT {

    private static final String PALLIATIVE_CARE_SNOMED = "103735009";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RepositoryService repository;

    @Test
    void aPathwayWithANewKindOfCareIsDeployedAtRunTimeAndRunsToTheEnd() throws Exception {
        var deployed = deploy("palliative-pathway.bpmn",
                Files.readString(Path.of("processes", "examples", "palliative-pathway.bpmn")));
        assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.OK);

        var intake = new HashMap<String, Object>(Map.of(PATIENT_FAMILY_NAME, "Horak", PATIENT_GIVEN_NAME, "Eva",
                PATIENT_BIRTH_DATE, "1950-02-11", PATIENT_GENDER, "female",
                PATIENT_MRN, "LE-" + UUID.randomUUID().toString().substring(0, 8),
                REFERRAL_REASON, "Painful bone metastases", URGENCY, "urgent"));
        var started = api().postForEntity("/api/pathways?pathway=PalliativePathway", intake, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String pathway = (String) started.getBody().get("processInstanceId");
        String twin = (String) started.getBody().get("twinId");

        await("both steps running", () -> runtime.createProcessInstanceQuery().superProcessInstanceId(pathway)
                .count() == 2);
        String consultation = stepOf(pathway, "palliative-care");
        String radiotherapy = stepOf(pathway, "radiotherapy");
        assertThat(stepVariable(consultation, RECEIVING_CENTRE)).as("the configured offer: Prague waits 4 days")
                .isEqualTo("prague");
        assertThat(stepVariable(radiotherapy, RECEIVING_CENTRE)).isEqualTo("dresden");
        assertThat(Duration.parse((String) stepVariable(consultation, InputParameters.ACCEPT_WITHIN)))
                .as("the kind's default deadline").isEqualTo(Duration.ofDays(1));
        assertThat(stepVariable(radiotherapy, InputParameters.ACCEPT_WITHIN)).as("the model's default").isNull();

        handOver(consultation);
        runStepInTasklist(consultation, "prague-staff", "Palliative care consultation");
        handOver(radiotherapy);
        runStepInTasklist(radiotherapy, "dresden-staff", "Radiotherapy 5 x 4 Gy");
        completeAs("coordinator", awaitUserTask(pathway, "Task_FollowUp"), Map.of("followUpDate", "2027-03-01"));
        awaitEnd(pathway);

        Patient atPrague = records("prague").search(Patient.class, "identifier=urn:oncotwin:twin|" + twin).get(0);
        List<ServiceRequest> requests = records("prague").search(ServiceRequest.class,
                "subject=Patient/" + atPrague.getIdElement().getIdPart());
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://snomed.info/sct");
            assertThat(request.getCode().getCodingFirstRep().getCode()).isEqualTo(PALLIATIVE_CARE_SNOMED);
        });

        // the consultation is not a treatment (configured so): time to treatment runs to the radiotherapy's start
        Timestamp firstTreatment = jdbc.queryForObject("select first_treatment_at from ot_pathway where id = ?",
                Timestamp.class, pathway);
        Timestamp radiotherapyStarted = jdbc.queryForObject("select started_at from ot_referral where step_id = ?",
                Timestamp.class, radiotherapy);
        Timestamp consultationStarted = jdbc.queryForObject("select started_at from ot_referral where step_id = ?",
                Timestamp.class, consultation);
        assertThat(consultationStarted).isBefore(radiotherapyStarted);
        assertThat(firstTreatment).isEqualTo(radiotherapyStarted);
        assertThat(jdbc.queryForObject("select outcome from ot_pathway where id = ?", String.class, pathway))
                .isEqualTo("completed");
    }

    @Test
    void brokenModelsAreRefusedWhenDeployedNamingTheElementAndTheProblem() {
        var unknownKind = deploy("unknown-kind.bpmn", model("UnknownKind", """
                <bpmn:callActivity id="CallActivity_Astrology" calledElement="TreatmentStep">
                  <bpmn:extensionElements><camunda:in sourceExpression="${'astrology'}" target="modality" /></bpmn:extensionElements>
                </bpmn:callActivity>"""));
        assertThat(unknownKind.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownKind.getBody()).contains("CallActivity_Astrology", "astrology", "not configured");

        var unknownDelegate = deploy("unknown-delegate.bpmn", model("UnknownDelegate", """
                <bpmn:serviceTask id="Task_Horoscope" camunda:delegateExpression="${readHoroscope}" />"""));
        assertThat(unknownDelegate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownDelegate.getBody()).contains("Task_Horoscope", "readHoroscope");

        var missingForm = deploy("missing-form.bpmn", model("MissingForm", """
                <bpmn:userTask id="Task_Consent" camunda:formRef="consent" camunda:formRefBinding="deployment" />"""));
        assertThat(missingForm.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missingForm.getBody()).contains("Task_Consent", "consent", "same deployment");

        var missingInput = deploy("missing-input.bpmn", model("MissingInput", """
                <bpmn:serviceTask id="Task_Close" camunda:delegateExpression="${closeCarePlan}" />"""));
        assertThat(missingInput.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missingInput.getBody()).contains("Task_Close", "carePlanOutcome");

        var allVariables = deploy("all-variables.bpmn", model("AllVariables", """
                <bpmn:callActivity id="CallActivity_Surgery" calledElement="TreatmentStep" camunda:variableMappingDelegateExpression="${treatmentStepInputs}">
                  <bpmn:extensionElements><camunda:in variables="all" /><camunda:in sourceExpression="${'surgery'}" target="modality" /></bpmn:extensionElements>
                </bpmn:callActivity>"""));
        assertThat(allVariables.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(allVariables.getBody()).contains("CallActivity_Surgery", "must not pass all variables")
                .doesNotContain("not configured");

        assertThat(repository.createProcessDefinitionQuery().processDefinitionKeyIn("UnknownKind",
                "UnknownDelegate", "MissingForm", "MissingInput", "AllVariables").count()).as("nothing deployed")
                .isZero();
    }

    private String stepOf(String pathway, String modality) {
        return runtime.createProcessInstanceQuery().superProcessInstanceId(pathway)
                .variableValueEquals(MODALITY, modality).singleResult().getId();
    }

    private ResponseEntity<String> deploy(String fileName, String bpmn) {
        var body = new LinkedMultiValueMap<String, Object>();
        body.add("deployment-name", fileName);
        body.add("data", new ByteArrayResource(bpmn.getBytes()) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return as("admin").postForEntity("/engine-rest/deployment/create", new HttpEntity<>(body, headers),
                String.class);
    }

    private static String model(String processId, String element) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" targetNamespace="http://oncotwin.org/test">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="Start" />
                    %2$s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(processId, element);
    }
}
