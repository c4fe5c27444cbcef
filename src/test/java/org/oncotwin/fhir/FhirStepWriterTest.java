package org.oncotwin.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.oncotwin.process.Activities.SEND_REFERRAL;
import static org.oncotwin.process.ProcessKeys.ONCOLOGY_PATHWAY;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirStepWriterTest {

    private final CentreClients clients = mock(CentreClients.class);
    private final FhirStepWriter writer = new FhirStepWriter(clients, Clock.systemUTC(), new SimpleMeterRegistry());
    private final StepContext step = new StepContext("2b9f7a52-6a9e-4c47-9a7e-0c1f3f6f7e11", ONCOLOGY_PATHWAY,
            "pi-1", SEND_REFERRAL, "dresden-staff");

    @Test
    void aTransactionThatLostAConditionalCreateRaceIsSentOnceMore() {
        when(clients.call(eq("dresden"), anyString(), any()))
                .thenThrow(refusal(new ResourceVersionConflictException("HAPI-0550: unique index violated")))
                .thenReturn(answer("Patient/7/_history/1", "Provenance/8/_history/1"));

        WrittenResources written = writer.write("dresden", step, tx -> tx.createIfAbsent("patient", new Patient(),
                BusinessIdentifiers.twin(step.twinId())));

        assertThat(written.id("patient")).isEqualTo("Patient/7");
        verify(clients, times(2)).call(eq("dresden"), anyString(), any());
    }

    @Test
    void otherRefusalsAreNotRepeated() {
        when(clients.call(eq("dresden"), anyString(), any()))
                .thenThrow(refusal(new InternalErrorException("down")));

        assertThatThrownBy(() -> writer.write("dresden", step, tx -> tx.createIfAbsent("patient", new Patient(),
                BusinessIdentifiers.twin(step.twinId())))).isInstanceOf(CentreCallException.class);
        verify(clients, times(1)).call(eq("dresden"), anyString(), any());
    }

    private static CentreCallException refusal(RuntimeException cause) {
        return new CentreCallException("dresden", "Dresden Proton Centre", "transaction", cause);
    }

    private static Bundle answer(String... locations) {
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (String location : locations) {
            response.addEntry().getResponse().setStatus("201 Created").setLocation(location);
        }
        return response;
    }
}
