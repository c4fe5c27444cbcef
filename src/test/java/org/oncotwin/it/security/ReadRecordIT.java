package org.oncotwin.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.centres.CentreFaults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of a read of patient data on real parts (PostgreSQL, HAPI JPA centres): written in OncoTwin's database
 * before the data is returned, then at the coordinating centre as an AuditEvent with the record's id; while that centre
 * is down the twin is still read (without the centre's part) and its records wait, to arrive once it is back.
 */
class ReadRecordIT extends AbstractPathwayIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReadReachesTheCoordinatingCentreUnderTheIdOfItsRecord() {
        var pathway = startPathway("dresden");
        awaitStep(pathway.processInstanceId());

        assertThat(api().getForEntity("/api/twins/" + pathway.twinId(), Map.class).getStatusCode().value())
                .isEqualTo(200);

        await("the read at Leipzig", () -> readsAtLeipzig(pathway.twinId()).size() == 1);
        AuditEvent read = readsAtLeipzig(pathway.twinId()).get(0);
        assertThat(read.getIdElement().getIdPart()).as("the record's own id, so a repeated delivery writes it once")
                .matches("[0-9a-f-]{36}");
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(waiting(pathway.twinId())).isZero();
        cleanUp(pathway.processInstanceId());
    }

    @Test
    void whileTheCoordinatingCentreIsDownReadsAreRecordedAndArriveWhenItIsBack() {
        var pathway = startPathway("dresden");
        awaitStep(pathway.processInstanceId());
        centre("leipzig").faults().set(CentreFaults.Mode.ERROR_ON_EVERY_REQUEST);
        try {
            for (int read = 0; read < 2; read++) {
                var twin = api().getForEntity("/api/twins/" + pathway.twinId(), Map.class);
                assertThat(twin.getStatusCode().value()).isEqualTo(200);
                assertThat(twin.getBody().get("complete")).as("Leipzig's part is missing").isEqualTo(false);
            }
            assertThat(waiting(pathway.twinId())).as("recorded before the twin was shown").isEqualTo(2);
            await("a delivery tried and failed", () -> jdbc.queryForObject("select count(*) from ot_access_record "
                    + "where audit_event like ? and attempts > 0 and last_error like '%leipzig%'", Long.class,
                    "%" + pathway.twinId() + "%") == 2);
        } finally {
            centre("leipzig").faults().clear();
        }
        await("the records delivered once Leipzig is back", () -> waiting(pathway.twinId()) == 0);
        assertThat(readsAtLeipzig(pathway.twinId())).hasSize(2)
                .allSatisfy(event -> assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0));
        cleanUp(pathway.processInstanceId());
    }

    private long waiting(String twinId) {
        return jdbc.queryForObject("select count(*) from ot_access_record where audit_event like ?", Long.class,
                "%" + twinId + "%");
    }

    private List<AuditEvent> readsAtLeipzig(String twinId) {
        return records("leipzig").search(AuditEvent.class, "").stream()
                .filter(event -> event.getEntity().stream()
                        .anyMatch(entity -> twinId.equals(entity.getWhat().getIdentifier().getValue())))
                .toList();
    }
}
