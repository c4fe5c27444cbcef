package org.oncotwin.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.form.CamundaFormRef;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.oncotwin.process.ProcessKeys;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Pathways change only through their models. On Camunda's engine API ({@code /engine-rest} and the web apps'
 * {@code /camunda/api/engine}) everyone but operators ({@code camunda-admin}) may read (Camunda's authorizations
 * apply), query, claim, comment on and complete tasks, and start pathways; completing a task or starting a pathway
 * accepts the fields of its form and nothing else. Deployments, process-instance modification, variables, messages,
 * signals, jobs and everything else that writes are for operators only. Refused requests answer 403 or 400 with a
 * problem detail; nothing is changed.
 */
class EngineApiGuard extends OncePerRequestFilter {

    private static final Pattern ENGINE_PATH = Pattern.compile("^(?:/engine-rest|/camunda/api/engine/engine/[^/]+)(/.*)$");
    /** Writes that read nothing of the body (queries by POST, claiming, comments). */
    private static final List<Pattern> HARMLESS_WRITES = patterns(
            "/task", "/task/count", "/task/[^/]+/(claim|unclaim|assignee)", "/task/[^/]+/comment/create",
            "/filter/[^/]+/(list|count|singleResult)", "/history/[a-z-]+(/count)?", "/history/[a-z-]+/report",
            "/process-instance", "/process-instance/count", "/execution", "/execution/count", "/variable-instance",
            "/variable-instance/count", "/incident", "/identity/password-policy", "/user/[^/]+/credentials");
    private static final Pattern TASK_SUBMISSION = Pattern.compile("^/task/([^/]+)/(complete|submit-form|resolve)$");
    private static final Pattern START = Pattern.compile(
            "^/process-definition/(?:key/([^/]+)(?:/tenant-id/[^/]+)?|([^/]+))/(start|submit-form)$");

    private final IdentityService identity;
    private final FormService forms;
    private final RepositoryService repository;
    private final FormFields formFields;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    EngineApiGuard(IdentityService identity, FormService forms, RepositoryService repository, FormFields formFields,
                   ObjectMapper json, long maxBodyBytes) {
        this.identity = identity;
        this.forms = forms;
        this.repository = repository;
        this.formFields = formFields;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher engine = ENGINE_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        String method = request.getMethod();
        if (!engine.matches() || Set.of("GET", "HEAD", "OPTIONS").contains(method) || isOperator(request)) {
            chain.doFilter(request, response);
            return;
        }
        String path = engine.group(1).replaceAll("/+$", "");
        Matcher task = TASK_SUBMISSION.matcher(path);
        Matcher start = START.matcher(path);
        if (task.matches() || start.matches()) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE));
            if (body.length > maxBodyBytes) {
                refuse(response, 413, "Payload too large", "The request body is larger than " + maxBodyBytes
                        + " bytes");
                return;
            }
            String problem = task.matches() ? checkTaskSubmission(task.group(1), body)
                    : checkStart(start.group(1), start.group(2), body);
            if (problem != null) {
                refuse(response, problem.startsWith("403 ") ? 403 : 400, "Refused", problem.substring(4));
                return;
            }
            chain.doFilter(new CachedBody(request, body), response);
            return;
        }
        if (HARMLESS_WRITES.stream().anyMatch(p -> p.matcher(path).matches())) {
            chain.doFilter(request, response);
            return;
        }
        refuse(response, 403, "For operators only", "Only operators (camunda-admin) may " + method + " " + path
                + " on the engine API: pathways change only through their models");
    }

    /** The engine's user of this request, or (web apps, whatever the filter order) the user of the session. */
    private boolean isOperator(HttpServletRequest request) {
        var current = identity.getCurrentAuthentication();
        if (current != null) {
            return current.getGroupIds() != null && current.getGroupIds().contains(Groups.ADMINS);
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        return AuthenticationUtil.getAuthsFromSession(session).getAuthentications().stream()
                .anyMatch(user -> user.getGroupIds() != null && user.getGroupIds().contains(Groups.ADMINS));
    }

    /** @return null when fine, else "400 ..." or "403 ..." */
    private String checkTaskSubmission(String taskId, byte[] body) {
        String formId;
        try {
            CamundaFormRef ref = forms.getTaskFormData(taskId).getCamundaFormRef();
            formId = ref == null ? null : ref.getKey();
        } catch (RuntimeException e) {
            return null; // no such task or not allowed: the engine answers that itself
        }
        return checkVariables(body, formId, "this task's form");
    }

    private String checkStart(String key, String definitionId, byte[] body) {
        ProcessDefinition definition;
        try {
            definition = key != null
                    ? repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult()
                    : repository.getProcessDefinition(definitionId);
        } catch (RuntimeException e) {
            return null; // the engine answers 404 or 403 itself
        }
        if (definition == null) {
            return null;
        }
        if (ProcessKeys.BUILDING_BLOCKS.contains(definition.getKey())) {
            return "403 " + definition.getKey() + " is a building block of pathways; it is not started on its own";
        }
        CamundaFormRef ref = forms.getStartFormData(definition.getId()).getCamundaFormRef();
        return checkVariables(body, ref == null ? null : ref.getKey(), "the start form");
    }

    private String checkVariables(byte[] body, String formId, String what) {
        JsonNode variables;
        try {
            variables = body.length == 0 ? null : json.readTree(body).path("variables");
        } catch (IOException e) {
            return "400 The request body is not JSON";
        }
        if (variables == null || variables.isMissingNode() || variables.isNull() || variables.isEmpty()) {
            return null;
        }
        Set<String> allowed = new TreeSet<>(formId == null ? List.of() : formFields.keys(formId));
        List<String> foreign = new ArrayList<>();
        variables.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                foreign.add(name);
            }
        });
        return foreign.isEmpty() ? null : "403 Only the fields of " + what + " may be submitted; not " + foreign;
    }

    private static void refuse(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        var problem = new ObjectMapper().createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail);
        response.getWriter().write(problem.toString());
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(r -> Pattern.compile("^" + r + "$")).toList();
    }
}
