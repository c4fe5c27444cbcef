package org.oncotwin.dashboard;

import static org.oncotwin.dashboard.DashboardFigures.*;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;
import java.util.ArrayList;

/** Open incidents from the engine's runtime tables (small: only what is open now), with links into Cockpit. */
@Component
class IncidentFigures {

    static final int NEWEST_LIMIT = 50;
    /** failed jobs (a FHIR update that ran out of retries) and changes a centre made that the flow forbids */
    private static final List<String> TYPES = List.of(Incident.FAILED_JOB_HANDLER_TYPE,
            Incident.EXTERNAL_TASK_HANDLER_TYPE, "referralUpdate");

    private final RuntimeService runtime;
    private final IdentityService identity;
    private final DashboardProperties properties;

    IncidentFigures(RuntimeService runtime, IdentityService identity, DashboardProperties properties) {
        this.runtime = runtime;
        this.identity = identity;
        this.properties = properties;
    }

    /**
     * All open incidents, whoever asks: the dashboard is for managers (Spring Security checks that), who may not
     * read the process instances themselves, so the engine's per-instance authorizations are lifted for this query.
     */
    Incidents open() {
        var current = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return query();
        } finally {
            if (current != null) {
                identity.setAuthentication(current);
            }
        }
    }

    private Incidents query() {
        long total = runtime.createIncidentQuery().count();
        List<IncidentCount> byType = new ArrayList<>();
        for (String type : TYPES) {
            byType.add(new IncidentCount(type, runtime.createIncidentQuery().incidentType(type).count()));
        }
        byType.add(new IncidentCount("other", total - byType.stream().mapToLong(IncidentCount::incidents).sum()));
        byType.removeIf(count -> count.incidents() == 0);
        List<IncidentView> newest = runtime.createIncidentQuery().orderByIncidentTimestamp().desc()
                .listPage(0, NEWEST_LIMIT).stream()
                .map(incident -> new IncidentView(incident.getId(), incident.getIncidentType(),
                        incident.getIncidentMessage(), incident.getIncidentTimestamp().toInstant(),
                        incident.getProcessInstanceId(), incident.getActivityId(),
                        properties.cockpitUrl() + "/#/process-instance/" + incident.getProcessInstanceId()
                                + "/runtime?tab=incidents-tab"))
                .toList();
        return new Incidents(total, byType, newest);
    }
}
