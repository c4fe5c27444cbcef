package org.oncotwin.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Grants OncoTwin's groups what they need, and nothing more, once at start (idempotent). Task access itself comes
 * from the models: a user task's candidate groups may see and work on it (Camunda grants that per task), so a
 * physician of centre A sees only the tasks meant for centre A's physicians.
 * <ul>
 *   <li>coordinators: Tasklist, start, withdraw, hold and resume pathways, read their history; start
 *   RecordConsentWithdrawal (CREATE_INSTANCE on every definition: they are the only clinical group that starts
 *   processes)</li>
 *   <li>physicians-&lt;centre&gt;, staff-&lt;centre&gt;: Tasklist and the task filters</li>
 *   <li>managers: the pathway models (the dashboard's filter); no patient data, no clinical task</li>
 *   <li>camunda-admin: everything (Camunda's administrator authorization plugin)</li>
 * </ul>
 */
@Component
class AuthorizationSetup {

    private final AuthorizationService authorizations;
    private final CentreDirectory centres;

    AuthorizationSetup(AuthorizationService authorizations, CentreDirectory centres) {
        this.authorizations = authorizations;
        this.centres = centres;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void grant() {
        List<String> clinical = new ArrayList<>(List.of(Groups.COORDINATORS));
        for (Centre centre : centres.all()) {
            clinical.add(Groups.physicians(centre.id()));
            clinical.add(Groups.staff(centre.id()));
        }
        for (String group : clinical) {
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            // each role sees its own Tasklist filters (tasklist/TaskFilters), not every filter (granted before 0.2)
            revoke(group, Resources.FILTER, ANY, Permissions.READ);
            grant(group, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
        }
        grant(Groups.COORDINATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.CREATE_INSTANCE);
        grant(Groups.COORDINATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
        grant(Groups.COORDINATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
        grant(Groups.COORDINATORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ);
        // withdrawal, hold and resume of a pathway
        grant(Groups.COORDINATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.UPDATE);
        grant(Groups.COORDINATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.UPDATE_INSTANCE);
        grant(Groups.COORDINATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.SUSPEND_INSTANCE);
        grant(Groups.COORDINATORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.SUSPEND);
        // coordinators read the network's pathways, also in Cockpit-like tools through the engine API
        grant(Groups.COORDINATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ_HISTORY);
        // managers see aggregates only: not the history, which holds every patient's variables (granted before 0.2)
        revoke(Groups.MANAGERS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ_HISTORY);
        // the dashboard's filter lists the pathway models (definitions only, no patient data)
        grant(Groups.MANAGERS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
    }

    private void revoke(String group, Resource resource, String resourceId, Permission permission) {
        var existing = authorizations.createAuthorizationQuery().groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).singleResult();
        if (existing != null && existing.getAuthorizationType() == AUTH_TYPE_GRANT
                && existing.isPermissionGranted(permission)) {
            existing.removePermission(permission);
            authorizations.saveAuthorization(existing);
        }
    }

    private void grant(String group, Resource resource, String resourceId, Permission permission) {
        var existing = authorizations.createAuthorizationQuery().groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).singleResult();
        var authorization = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        if (existing == null) {
            authorization.setGroupId(group);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
        }
        if (!authorization.isPermissionGranted(permission)) {
            authorization.addPermission(permission);
            authorizations.saveAuthorization(authorization);
        }
    }
}
