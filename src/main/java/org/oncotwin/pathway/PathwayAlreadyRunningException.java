package org.oncotwin.pathway;

/** The patient already has a running pathway of this model (HTTP 409, naming it). */
public class PathwayAlreadyRunningException extends RuntimeException {

    private final String processInstanceId;

    PathwayAlreadyRunningException(String pathway, String twinId, String processInstanceId) {
        super("Twin " + twinId + " already has a running " + pathway + ": /api/pathways/" + processInstanceId);
        this.processInstanceId = processInstanceId;
    }

    public String processInstanceId() {
        return processInstanceId;
    }
}
