package org.oncotwin.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreTestSupport;
import org.oncotwin.fhir.CentreClients;

/** A centre's part of the twin is asked in one piece and, where that piece may have been cut, again in pages. */
class TwinAssemblerTest {

    private static final String TWIN = "6d1f0c2e-1111-4a4a-9b9b-000000000001";

    private final CentreClients clients = mock(CentreClients.class);
    private final TwinAssembler assembler = new TwinAssembler(CentreTestSupport.demoDirectory(), clients,
            new TwinProperties(Duration.ofSeconds(5), 2, 10_000, 500));

    @Test
    void anAnswerThatFillsTheWholePieceIsAskedAgainInPages() {
        answerPatientAtLeipzigOnly();
        when(clients.call(eq("leipzig"), eq("read everything of Patient/1"), any()))
                .thenReturn(observations(0, TwinAssembler.IN_ONE_PIECE));
        Bundle firstPage = observations(0, 600).addLink(new Bundle.BundleLinkComponent().setRelation("next")
                .setUrl("http://leipzig/fhir?_getpages=x"));
        when(clients.call(eq("leipzig"), eq("read everything of Patient/1 (in pages)"), any())).thenReturn(firstPage);
        when(clients.nextPage(eq("leipzig"), anyString(), eq(firstPage))).thenReturn(observations(600, 1200));

        var twin = assembler.assemble(TWIN);

        assertThat(twin.resources()).hasSize(1200);
    }

    @Test
    void anAnswerShorterThanThePieceIsTakenAsItIs() {
        answerPatientAtLeipzigOnly();
        when(clients.call(eq("leipzig"), eq("read everything of Patient/1"), any())).thenReturn(observations(0, 40));

        assertThat(assembler.assemble(TWIN).resources()).hasSize(40);
    }

    private void answerPatientAtLeipzigOnly() {
        Bundle patients = new Bundle();
        patients.addEntry().setResource(new Patient().setId("Patient/1"));
        when(clients.call(eq("leipzig"), eq("search the twin's Patient"), any())).thenReturn(patients);
        when(clients.call(eq("dresden"), eq("search the twin's Patient"), any())).thenReturn(new Bundle());
        when(clients.call(eq("prague"), eq("search the twin's Patient"), any())).thenReturn(new Bundle());
        when(clients.call(eq("leipzig"), eq("search Provenance"), any())).thenReturn(new Bundle());
    }

    private static Bundle observations(int from, int to) {
        Bundle bundle = new Bundle();
        for (int i = from; i < to; i++) {
            bundle.addEntry().setResource(new Observation().setId("Observation/" + i));
        }
        return bundle;
    }
}
