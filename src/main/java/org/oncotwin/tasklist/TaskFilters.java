package org.oncotwin.tasklist;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.process.Activities;
import org.oncotwin.process.VariableNames;
import org.oncotwin.security.Groups;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasklist filters for each role, created at start and kept up to date (idempotent, by name): coordinators get
 * "Overdue", "Urgent", "Tumour board", "Escalations" and "All my network's tasks"; the staff of each centre that
 * centre's referrals to answer, treatments to start and outcomes to report; its physicians their handovers. Each
 * filter shows the patient, the kind of care and the centres as columns, and only the groups it serves see it.
 */
@Component
class TaskFilters {

    private static final String COORDINATORS = Groups.COORDINATORS;
    private static final List<Map<String, String>> COLUMNS = List.of(
            column(VariableNames.PATIENT_FAMILY_NAME, "Family name"),
            column(VariableNames.PATIENT_GIVEN_NAME, "Given name"),
            column(VariableNames.MODALITY, "Kind of care"),
            column(VariableNames.COORDINATING_CENTRE, "From"),
            column(VariableNames.RECEIVING_CENTRE, "To"),
            column(VariableNames.URGENCY, "Urgency"));

    private final FilterService filters;
    private final TaskService tasks;
    private final AuthorizationService authorizations;
    private final CentreDirectory centres;

    TaskFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations,
                CentreDirectory centres) {
        this.filters = filters;
        this.tasks = tasks;
        this.authorizations = authorizations;
        this.centres = centres;
    }

    /** One filter: its name, the group that sees it, its place in the list, what it shows. */
    record Definition(String name, String group, int priority, String description, TaskQuery query) {
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void createOrUpdate() {
        definitions().forEach(this::createOrUpdate);
    }

    List<Definition> definitions() {
        List<Definition> all = new ArrayList<>();
        all.add(new Definition("Overdue", COORDINATORS, -20, "Past their due date: most urgent first",
                network().dueBeforeExpression("${now()}").orderByTaskPriority().desc().orderByDueDate().asc()));
        all.add(new Definition("Urgent", COORDINATORS, -19, "Urgent patients and escalations",
                network().taskMinPriority(TaskTimes.URGENT).orderByTaskPriority().desc().orderByDueDate().asc()));
        all.add(new Definition("Tumour board", COORDINATORS, -18, "Decisions of the tumour board",
                byDueDate(network().taskDefinitionKey(Activities.TUMOUR_BOARD))));
        all.add(new Definition("Escalations", COORDINATORS, -17, "Deadlines missed at a centre, step problems",
                byDueDate(network().taskDefinitionKeyIn(Activities.ESCALATE_UNANSWERED,
                        Activities.ESCALATE_NOT_STARTED, Activities.ESCALATE_NO_OUTCOME,
                        Activities.REVIEW_STEP_PROBLEM))));
        all.add(new Definition("All my network's tasks", COORDINATORS, -16, "Every task of the network's pathways",
                byDueDate(network())));
        int place = 0;
        for (Centre centre : centres.all()) {
            String staff = Groups.staff(centre.id());
            all.add(new Definition("Referrals to answer – " + centre.name(), staff, place++,
                    "Referrals to " + centre.name() + " waiting for an answer",
                    byDueDate(candidates(staff).taskDefinitionKey(Activities.ANSWER_REFERRAL))));
            all.add(new Definition("Treatments to start – " + centre.name(), staff, place++,
                    "Accepted referrals whose treatment has not started",
                    byDueDate(candidates(staff).taskDefinitionKey(Activities.CONFIRM_TREATMENT_START))));
            all.add(new Definition("Outcomes to report – " + centre.name(), staff, place++,
                    "Treatments under way whose outcome is due",
                    byDueDate(candidates(staff).taskDefinitionKey(Activities.REPORT_OUTCOME))));
            String physicians = Groups.physicians(centre.id());
            all.add(new Definition("Handovers to write – " + centre.name(), physicians, place++,
                    "Patients of " + centre.name() + " to hand over to another centre",
                    byDueDate(candidates(physicians).taskDefinitionKey(Activities.HANDOVER))));
        }
        return all;
    }

    private void createOrUpdate(Definition definition) {
        List<Filter> existing = filters.createTaskFilterQuery().filterName(definition.name()).list();
        Filter filter = existing.isEmpty() ? filters.newTaskFilter(definition.name()) : existing.get(0);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", definition.description());
        properties.put("priority", definition.priority());
        properties.put("refresh", true);
        properties.put("variables", COLUMNS);
        filter.setQuery(definition.query());
        filter.setProperties(properties);
        filters.saveFilter(filter);
        grantRead(definition.group(), filter.getId());
    }

    private void grantRead(String group, String filterId) {
        var existing = authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(Resources.FILTER)
                .resourceId(filterId).singleResult();
        var authorization = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        if (existing == null) {
            authorization.setGroupId(group);
            authorization.setResource(Resources.FILTER);
            authorization.setResourceId(filterId);
        }
        if (!authorization.isPermissionGranted(Permissions.READ)) {
            authorization.addPermission(Permissions.READ);
            authorizations.saveAuthorization(authorization);
        }
    }

    private TaskQuery network() {
        return candidates(COORDINATORS);
    }

    private TaskQuery candidates(String group) {
        return tasks.createTaskQuery().taskCandidateGroup(group).includeAssignedTasks();
    }

    private static TaskQuery byDueDate(TaskQuery query) {
        return query.orderByDueDate().asc().orderByTaskPriority().desc();
    }

    private static Map<String, String> column(String variable, String label) {
        return Map.of("name", variable, "label", label);
    }
}
