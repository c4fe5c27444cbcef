package org.oncotwin.benchmark;

import static org.oncotwin.process.ProcessKeys.TREATMENT_STEP;
import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.process.Activities;
import org.oncotwin.referral.ReferralProperties;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreSimulator;
import org.oncotwin.testing.centres.DemoCentres;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The referral watcher benchmark, on the integration tests' setup (PostgreSQL, three HAPI FHIR JPA centres in the test
 * JVM; dresden and leipzig on {@code subscription}, prague on {@code poll}): how long a centre's Task update takes to
 * become the BPMN message in the waiting TreatmentStep, OncoTwin's FHIR calls per step, the requests OncoTwin sends to
 * an idle centre, and what that costs with many referrals open. For its run the watcher gets the product's poll
 * intervals (the integration tests poll every second); afterwards it gets the tests' ones back. Measures and prints;
 * asserts no timing.
 */
abstract class AbstractReferralWatchBenchmark extends AbstractPathwayIT {

    static final String PATHWAY = "BenchmarkWatchPathway";
    static final String SUBSCRIPTION_CENTRE = "dresden";
    static final String REST_HOOK_CENTRE = "leipzig";
    static final String POLL_CENTRE = "prague";
    /** A kind of care each centre offers (application.yml). */
    private static final Map<String, String> KIND = Map.of("dresden", "radiotherapy", "prague", "radiotherapy",
            "leipzig", "chemotherapy");
    private static final String KIND_VARIABLE = "benchmarkKind";
    /** Requests of the benchmark itself and of the simulated centre systems carry it; the centres do not count them. */
    private static final String OWN_REQUEST_HEADER = "X-OncoTwin-Benchmark";
    private static final Duration SAFETY_POLL = Duration.ofMinutes(10);

    /** How much to run: {@code -Doncotwin.benchmark.<name>=...}. */
    record Sizes(int latencySamples, Duration pollInterval, int callSteps, Duration idleWindow,
                 List<Integer> openReferrals, Duration rampBudget) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("oncotwin.benchmark.watch-latency-samples", 30),
                    Duration.parse(System.getProperty("oncotwin.benchmark.watch-poll-interval", "PT15S")),
                    Integer.getInteger("oncotwin.benchmark.watch-call-steps", 20),
                    Duration.ofSeconds(Integer.getInteger("oncotwin.benchmark.watch-idle-seconds", 180)),
                    Arrays.stream(System.getProperty("oncotwin.benchmark.watch-open-referrals", "2000,5000,10000")
                            .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                            .sorted().toList(),
                    Duration.ofMinutes(Integer.getInteger("oncotwin.benchmark.watch-ramp-budget-minutes", 40)));
        }
    }

    @Autowired
    RepositoryService repository;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ApplicationContext context;

    private final Map<String, RequestCounter> counters = new LinkedHashMap<>();
    private final Map<String, IGenericClient> centreSystems = new LinkedHashMap<>();
    private final List<String> started = new ArrayList<>();
    private final Random random = new Random(42);

    /** Before (what a killed earlier run left) and after: no benchmark pathway keeps running. */
    @BeforeEach
    @AfterEach
    void removeBenchmarkPathways() {
        deleteAll(runtime.createProcessInstanceQuery().processDefinitionKey(PATHWAY).list().stream()
                .map(ProcessInstance::getId).toList());
    }

    private void deleteAll(List<String> pathways) {
        for (int from = 0; from < pathways.size(); from += 200) {
            List<String> batch = pathways.subList(from, Math.min(pathways.size(), from + 200));
            try {
                runtime.deleteProcessInstancesIfExists(batch, "benchmark cleanup", true, true, false);
            } catch (ProcessEngineException busy) { // a job moved one meanwhile
                batch.forEach(this::cleanUp);
            }
        }
    }

    String run(Sizes sizes) throws Exception {
        repository.createDeployment().name("benchmark-watch").enableDuplicateFiltering(true)
                .addString("benchmark-watch-pathway.bpmn", pathwayModel()).deploy();
        for (String centre : DemoCentres.CENTRE_IDS) {
            var counter = new RequestCounter();
            centre(centre).registerInterceptor(counter);
            counters.put(centre, counter);
            IGenericClient client = fhirContext.newRestfulGenericClient(centre(centre).baseUrl());
            var header = new AdditionalRequestHeadersInterceptor();
            header.addHeaderValue(OWN_REQUEST_HEADER, "centre-system");
            client.registerInterceptor(header);
            centreSystems.put(centre, client);
        }
        ReferralProperties testIntervals = watcherIntervals(sizes.pollInterval(), SAFETY_POLL);
        try {
            var report = new StringBuilder(String.format("OncoTwin referral watch benchmark (PostgreSQL, three HAPI "
                            + "FHIR JPA centres in the test JVM, %d cores; %s on subscription (websocket), %s on "
                            + "rest-hook, %s on poll; poll interval %s, safety poll %s, the centres match subscriptions"
                            + " every 0.5 s)%n",
                    Runtime.getRuntime().availableProcessors(), SUBSCRIPTION_CENTRE, REST_HOOK_CENTRE, POLL_CENTRE,
                    seconds(sizes.pollInterval()), seconds(SAFETY_POLL)));
            Instant connecting = Instant.now();
            boolean connected = awaitQuietly(Duration.ofSeconds(60), () -> gauge(
                    "oncotwin.referral.subscription.connected", SUBSCRIPTION_CENTRE) == 1
                    && gauge("oncotwin.referral.subscription.connected", "leipzig") == 1
                    && DemoCentres.CENTRE_IDS.stream().allMatch(c -> gauge("oncotwin.referral.watching", c) == 1));
            if (!connected) {
                report.append(String.format("   (subscriptions not all connected after %d s: dresden %s, leipzig %s)%n",
                        Duration.between(connecting, Instant.now()).toSeconds(),
                        gauge("oncotwin.referral.subscription.connected", SUBSCRIPTION_CENTRE),
                        gauge("oncotwin.referral.subscription.connected", "leipzig")));
            }
            latency(sizes, report);
            System.out.println(report);
            callsPerStep(sizes, report);
            System.out.println(report);
            idleAndScale(sizes, report);
            return report.toString();
        } finally {
            watcherIntervals(testIntervals.pollInterval(), testIntervals.safetyPollInterval());
            counters.forEach((centre, counter) -> centre(centre).unregisterInterceptor(counter));
            deleteAll(List.copyOf(started));
        }
    }

    // 1. ------------------------------------------------------------------------------------------------------

    private void latency(Sizes sizes, StringBuilder report) throws Exception {
        int n = sizes.latencySamples();
        List<Waiting> atSubscription = waitingSteps(SUBSCRIPTION_CENTRE, n);
        List<Waiting> atRestHook = waitingSteps(REST_HOOK_CENTRE, n);
        List<Waiting> atPoll = waitingSteps(POLL_CENTRE, n);
        // the notifying centres: one update at a time, each after the previous one was correlated
        double[] subscription = oneAtATime(SUBSCRIPTION_CENTRE, atSubscription, sizes);
        double[] restHook = oneAtATime(REST_HOOK_CENTRE, atRestHook, sizes);
        // the poll centre: updates at random moments spread over several poll intervals (a poll comes at any phase
        // of the interval); waiting for each before the next would take n poll intervals
        long spreadMillis = Math.max(sizes.pollInterval().toMillis() * 2, n * 3000L);
        long[] offsets = random.longs(n, 0, spreadMillis).sorted().toArray();
        Instant[] changed = new Instant[n];
        long begin = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            long due = begin + offsets[i] - System.currentTimeMillis();
            if (due > 0) {
                Thread.sleep(due);
            }
            changed[i] = accept(POLL_CENTRE, atPoll.get(i).taskId());
        }
        double[] poll = new double[n];
        for (int i = 0; i < n; i++) {
            poll[i] = millisBetween(changed[i], correlated(atPoll.get(i).stepId(),
                    sizes.pollInterval().multipliedBy(3).plusSeconds(60)));
        }
        report.append(String.format("1. Latency: the centre's system sets a waiting referral Task to accepted (FHIR "
                        + "update at the centre) until the BPMN message is correlated in the TreatmentStep (start of "
                        + "%s in history), %d samples each%n"
                        + "   subscription (%s)  median %7.0f ms  p95 %7.0f ms  max %7.0f ms  (one update at a time)%n"
                        + "   rest-hook (%s)  median %7.0f ms  p95 %7.0f ms  max %7.0f ms  (one update at a time)%n"
                        + "   poll (%s, every %s)  median %7.0f ms  p95 %7.0f ms  max %7.0f ms  (updates at random"
                        + " moments over %d s)%n",
                Activities.REFERRAL_ACCEPTED_AT_CENTRE, n, SUBSCRIPTION_CENTRE, median(subscription),
                percentile(subscription, 0.95), max(subscription), REST_HOOK_CENTRE, median(restHook),
                percentile(restHook, 0.95), max(restHook), POLL_CENTRE, seconds(sizes.pollInterval()),
                median(poll), percentile(poll, 0.95), max(poll), spreadMillis / 1000));
        deleteAll(List.copyOf(started));
        started.clear();
    }

    private double[] oneAtATime(String centre, List<Waiting> waiting, Sizes sizes) throws InterruptedException {
        double[] millis = new double[waiting.size()];
        for (int i = 0; i < waiting.size(); i++) {
            Thread.sleep(100 + random.nextInt(400));
            Instant changed = accept(centre, waiting.get(i).taskId());
            millis[i] = millisBetween(changed, correlated(waiting.get(i).stepId(),
                    sizes.pollInterval().plusSeconds(60)));
        }
        return millis;
    }

    private record Waiting(String pathwayId, String stepId, String taskId) {
    }

    /** Starts pathways whose one step sends its referral to the centre; returns when every referral waits there. */
    private List<Waiting> waitingSteps(String centre, int count) throws InterruptedException {
        List<String> pathways = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pathways.add(start(centre, "WL"));
        }
        List<Waiting> waiting = new ArrayList<>();
        for (String pathway : pathways) {
            await("a referral of " + pathway + " waiting at " + centre, Duration.ofMinutes(3), () -> {
                var step = runtime.createProcessInstanceQuery().superProcessInstanceId(pathway).singleResult();
                return step != null && tasks.createTaskQuery().processInstanceId(step.getId())
                        .taskDefinitionKey(Activities.ANSWER_REFERRAL).count() == 1;
            });
            String step = runtime.createProcessInstanceQuery().superProcessInstanceId(pathway).singleResult().getId();
            waiting.add(new Waiting(pathway, step, (String) runtime.getVariable(step, REFERRAL_TASK_ID)));
        }
        return waiting;
    }

    /** What the centre's own system does: a plain update of its Task. @return when the centre stored it */
    private Instant accept(String centre, String taskId) {
        IGenericClient client = centreSystems.get(centre);
        Task task = client.read().resource(Task.class).withId(new IdType(taskId).getIdPart())
                .cacheControl(CentreClients.FRESH).execute();
        task.setStatus(TaskStatus.ACCEPTED);
        task.setLastModified(new Date());
        task.setId(task.getIdElement().toUnqualifiedVersionless());
        Task stored = (Task) client.update().resource(task).prefer(PreferReturnEnum.REPRESENTATION).execute()
                .getResource();
        return stored != null && stored.getMeta().getLastUpdated() != null
                ? stored.getMeta().getLastUpdated().toInstant() : Instant.now();
    }

    /** When the acceptance message reached the step (its boundary event started). */
    private Instant correlated(String stepId, Duration patience) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            List<HistoricActivityInstance> found = history.createHistoricActivityInstanceQuery()
                    .processInstanceId(stepId).activityId(Activities.REFERRAL_ACCEPTED_AT_CENTRE).list();
            if (!found.isEmpty()) {
                return found.get(0).getStartTime().toInstant();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The acceptance did not reach step " + stepId + " within " + patience);
    }

    // 2. ------------------------------------------------------------------------------------------------------

    private void callsPerStep(Sizes sizes, StringBuilder report) throws Exception {
        report.append(String.format("2. FHIR calls per step: pathways of one step (Register at leipzig: search "
                + "Patient by MRN, transaction; then the step: send, the centre's system answers with 3 Task updates: "
                + "accepted, in-progress, completed; OncoTwin follows and takes over the outcome; the pathway ends: "
                + "read CarePlan, transaction). The step's own calls are the pathway's minus those %d that a pathway "
                + "makes once, however many steps it has%n", PATHWAY_OWN_CALLS));
        callsPerStep(sizes, report, Duration.ZERO, "the 3 updates in a row (a burst: the worst case)");
        callsPerStep(sizes, report, Duration.ofSeconds(1), "the 3 updates 1 s apart (as a centre's answers come, "
                + "apart in time)");
        deleteAll(List.copyOf(started));
        started.clear();
    }

    private void callsPerStep(Sizes sizes, StringBuilder report, Duration betweenUpdates, String how)
            throws Exception {
        report.append(String.format("  %s%n", how));
        int perCentre = Math.max(1, sizes.callSteps() / 2);
        long allCalls = 0;
        long allSteps = 0;
        try (var simulator = new CentreSimulator(List.copyOf(centreSystems.values()), betweenUpdates)) {
            for (String centre : List.of(SUBSCRIPTION_CENTRE, REST_HOOK_CENTRE, POLL_CENTRE)) {
                var before = snapshot();
                Instant begin = Instant.now();
                List<String> pathways = new ArrayList<>();
                for (int i = 0; i < perCentre; i++) {
                    pathways.add(start(centre, "FC"));
                }
                Set<String> ours = new HashSet<>(pathways);
                awaitQuietly(Duration.ofMinutes(5).plus(sizes.pollInterval().multipliedBy(4)),
                        () -> runtime.createProcessInstanceQuery().processInstanceIds(ours).count() == 0);
                double seconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
                var after = snapshot();
                long steps = history.createHistoricProcessInstanceQuery().processDefinitionKey(TREATMENT_STEP)
                        .startedAfter(Date.from(begin)).completed().list().stream()
                        .filter(step -> ours.contains(step.getRootProcessInstanceId())).count();
                long calls = after.totalCalls() - before.totalCalls();
                allCalls += calls;
                allSteps += steps;
                report.append(String.format("   at %s (%s): %d of %d steps completed in %.1f s; OncoTwin's FHIR calls: "
                                + "%d (%.1f per one-step pathway, the step's own %.1f; by centre %s), searches for "
                                + "changed Tasks %s%n"
                                + "      as the centres saw them, per step: %s%n",
                        centre, mode(centre), steps, perCentre, seconds, calls, perStep(calls, steps),
                        perStep(calls - PATHWAY_OWN_CALLS * steps, steps), after.minus(before, Snapshot::calls),
                        after.minus(before, Snapshot::searches), after.requestKindsPerStep(before, steps)));
            }
        }
        report.append(String.format("   together: %d calls for %d one-step pathways: %.1f per pathway, the step's own"
                        + " %.1f (the poll's searches meanwhile count too)%n",
                allCalls, allSteps, perStep(allCalls, allSteps),
                perStep(allCalls - PATHWAY_OWN_CALLS * allSteps, allSteps)));
    }

    /** Register (search Patient by MRN, transaction) and the pathway's end (read CarePlan, transaction). */
    private static final int PATHWAY_OWN_CALLS = 4;

    private static String mode(String centre) {
        return centre.equals(POLL_CENTRE) ? "poll" : centre.equals(REST_HOOK_CENTRE) ? "rest-hook" : "subscription";
    }

    private static double perStep(long calls, long steps) {
        return steps == 0 ? Double.NaN : (double) calls / steps;
    }

    // 3. and 4. -----------------------------------------------------------------------------------------------

    private void idleAndScale(Sizes sizes, StringBuilder report) throws Exception {
        long answerTasksBefore = tasks.createTaskQuery().taskDefinitionKey(Activities.ANSWER_REFERRAL).count();
        Duration rampTime = Duration.ZERO;
        List<String> rows = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        levels.add(0);
        levels.addAll(sizes.openReferrals().stream().filter(level -> level > 0).toList());
        boolean budgetReached = false;
        String note = "";
        for (int level : levels) {
            if (budgetReached) {
                break;
            }
            Instant rampFrom = Instant.now();
            int before = started.size();
            // a referral every other pathway to each centre, a hundred at a time while the engine keeps up; the
            // ramp stops when its budget is spent
            while (started.size() < level) {
                if (rampTime.plus(Duration.between(rampFrom, Instant.now())).compareTo(sizes.rampBudget()) > 0) {
                    budgetReached = true;
                    note = String.format("   the ramp budget (%d min) was spent at %d pathways started: no level "
                            + "beyond%n", sizes.rampBudget().toMinutes(), started.size());
                    break;
                }
                if (executableJobs() > 300) {
                    Thread.sleep(500);
                    continue;
                }
                for (int i = 0; i < 100 && started.size() < level; i++) {
                    start(started.size() % 2 == 0 ? SUBSCRIPTION_CENTRE : POLL_CENTRE, "SC");
                }
            }
            if (budgetReached && started.size() == before) {
                break; // nothing new to measure
            }
            await("the started pathways waiting at the centres", Duration.ofMinutes(60), () -> executableJobs() == 0);
            double rampSeconds = Duration.between(rampFrom, Instant.now()).toMillis() / 1000.0;
            rampTime = rampTime.plus(Duration.between(rampFrom, Instant.now()));
            // the watcher catches up with the new Tasks (the poll centre at its next poll), then nothing happens
            Thread.sleep(sizes.pollInterval().plusSeconds(5).toMillis());
            long open = tasks.createTaskQuery().taskDefinitionKey(Activities.ANSWER_REFERRAL).count()
                    - answerTasksBefore;
            long heap = usedHeapAfterGc();
            String requestedAtCentres = DemoCentres.CENTRE_IDS.stream()
                    .map(c -> c + " " + requestedTasks(c)).collect(Collectors.joining(", "));
            var before0 = snapshot();
            long cpuBefore = processCpuNanos();
            Thread.sleep(sizes.idleWindow().toMillis());
            long cpu = processCpuNanos() - cpuBefore;
            var after = snapshot();
            double hours = sizes.idleWindow().toMillis() / 3_600_000.0;
            var row = new StringBuilder(String.format("   %,d open referrals (%d pathways started by the benchmark"
                            + "%s; Tasks requested at the centres: %s)%n",
                    open, started.size(), level == 0 ? "" : String.format(", %d of them in %.0f s: %.1f/s",
                            started.size() - before, rampSeconds, (started.size() - before) / rampSeconds),
                    requestedAtCentres));
            for (String centre : DemoCentres.CENTRE_IDS) {
                long requests = after.requests(centre) - before0.requests(centre);
                long calls = after.calls.get(centre) - before0.calls.get(centre);
                double callMillis = (after.callSeconds.get(centre) - before0.callSeconds.get(centre)) * 1000;
                boolean subscription = !centre.equals(POLL_CENTRE);
                row.append(String.format("      %-8s %-12s requests at the centre %4d in %d s = %6.0f per hour "
                                + "(OncoTwin's calls %d, searches %d%s)%s; one watcher search timed: %.1f ms%n",
                        centre, mode(centre), requests,
                        sizes.idleWindow().toSeconds(), requests / hours, calls,
                        after.searches.get(centre) - before0.searches.get(centre),
                        calls == 0 ? "" : String.format(", mean %.1f ms", callMillis / calls),
                        subscription && sizes.idleWindow().compareTo(SAFETY_POLL) < 0
                                ? String.format(" [safety poll every %s: %d per hour, may fall outside the window]",
                                seconds(SAFETY_POLL), Duration.ofHours(1).dividedBy(SAFETY_POLL)) : "",
                        timedSearch(centre)));
            }
            row.append(String.format("      heap used after GC %d MiB; CPU of the test JVM while idle %.1f %% of all "
                            + "cores%n", heap >> 20,
                    cpu / 1e9 / (sizes.idleWindow().toMillis() / 1000.0)
                            / Runtime.getRuntime().availableProcessors() * 100));
            rows.add(row.toString());
            System.out.print(row);
            if (level == 0) {
                report.append(String.format("3. Idle requests per centre: nothing happening, requests OncoTwin sends "
                        + "to each centre (FHIR requests counted at the centre; the websocket's pings not)"
                        + " in %d s, extrapolated to an hour%n", sizes.idleWindow().toSeconds()));
                report.append(row);
                System.out.println(report);
            }
        }
        report.append(String.format("4. Watcher cost with referrals open (pathways of one step left waiting at %s "
                        + "and %s, half each; then the same idle window)%n", SUBSCRIPTION_CENTRE, POLL_CENTRE));
        rows.forEach(report::append);
        report.append(note);
    }

    /** The watcher's search (nothing changed since a second ago) as the benchmark times it: median of 5. */
    private double timedSearch(String centre) {
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            String url = "Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM + "|&_lastUpdated=ge"
                    + Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS) + "&_sort=_lastUpdated&_count=100";
            long start = System.nanoTime();
            centreSystems.get(centre).search().byUrl(url).cacheControl(CentreClients.FRESH).returnBundle(Bundle.class)
                    .execute();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(millis);
    }

    private long executableJobs() {
        return management.createJobQuery().processDefinitionKey(PATHWAY).executable().count()
                + management.createJobQuery().processDefinitionKey(TREATMENT_STEP).executable().count();
    }

    private int requestedTasks(String centre) {
        Bundle count = centreSystems.get(centre).search().byUrl("Task?status=requested&_summary=count")
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute();
        return count.getTotal();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Starts a one-step pathway whose step sends its referral to {@code centre}. */
    private String start(String centre, String mrnPrefix) {
        var variables = new HashMap<String, Object>(Map.of(
                PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana", PATIENT_BIRTH_DATE, "1961-04-23",
                PATIENT_GENDER, "female", PATIENT_MRN, mrnPrefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                REFERRAL_REASON, "Benchmark pathway", URGENCY, "routine", DIAGNOSTICS_CENTRE, centre));
        variables.put(KIND_VARIABLE, KIND.get(centre));
        variables.put(CLINICAL_SUMMARY, "Synthetic benchmark patient");
        variables.put(RELEVANT_FINDINGS, "none");
        variables.put(OPEN_QUESTIONS, "none");
        String id = runtime.startProcessInstanceByKey(PATHWAY, variables).getId();
        started.add(id);
        return id;
    }

    /** Register the patient, then one TreatmentStep at the centre the intake names. */
    static String pathwayModel() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" targetNamespace="http://oncotwin.org/bpmn/benchmark">
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D" camunda:isStartableInTasklist="false">
                    <bpmn:startEvent id="Start">
                      <bpmn:extensionElements><camunda:executionListener delegateExpression="${checkReferralIntake}" event="start" /></bpmn:extensionElements>
                    </bpmn:startEvent>
                    <bpmn:sequenceFlow id="FlowStart" sourceRef="Start" targetRef="Register" />
                    <bpmn:serviceTask id="Register" camunda:asyncBefore="true" camunda:delegateExpression="${registerPatient}">
                      <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="plannedSteps">${execution.getVariable('%2$s')}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="FlowRegister" sourceRef="Register" targetRef="Step" />
                    <bpmn:callActivity id="Step" calledElement="TreatmentStep" camunda:calledElementBinding="latest" camunda:variableMappingDelegateExpression="${treatmentStepInputs}">
                      <bpmn:extensionElements><camunda:properties><camunda:property name="stage" value="treatment" /></camunda:properties><camunda:in businessKey="#{execution.processBusinessKey}" /><camunda:in sourceExpression="${execution.getVariable('%2$s')}" target="modality" /><camunda:in sourceExpression="${execution.getVariable('diagnosticsCentre')}" target="preferredCentre" /><camunda:in source="clinicalSummary" target="clinicalSummary" /><camunda:in source="relevantFindings" target="relevantFindings" /></bpmn:extensionElements>
                    </bpmn:callActivity>
                    <bpmn:sequenceFlow id="FlowStep" sourceRef="Step" targetRef="End" />
                    <bpmn:endEvent id="End"><bpmn:extensionElements><camunda:properties><camunda:property name="outcome" value="completed" /></camunda:properties></bpmn:extensionElements></bpmn:endEvent>
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(PATHWAY, KIND_VARIABLE);
    }

    /**
     * Gives the running watcher other poll intervals (its properties are read at every tick); the integration tests'
     * context is shared, so the benchmark cannot start a context of its own without a second node competing for
     * the centres' leases.
     *
     * @return the intervals it had
     */
    private ReferralProperties watcherIntervals(Duration pollInterval, Duration safetyPollInterval) throws Exception {
        Object watcher = AopProxyUtils.getSingletonTarget(context.getBean("centreTaskWatcher"));
        watcher = watcher == null ? context.getBean("centreTaskWatcher") : watcher;
        Field field = watcher.getClass().getDeclaredField("properties");
        field.setAccessible(true);
        var current = (ReferralProperties) field.get(watcher);
        field.set(watcher, new ReferralProperties(pollInterval, current.initialLookback(), safetyPollInterval,
                current.parallelism(), current.commitOverlap(), current.callbackBaseUrl()));
        return current;
    }

    /** Counts the FHIR requests a centre receives, but not those of the benchmark or the simulated centre systems. */
    @Interceptor
    public static final class RequestCounter {

        private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public boolean count(RequestDetails request) {
            if (request.getHeader(OWN_REQUEST_HEADER) == null) {
                String kind = (request.getRestOperationType() == null ? "other"
                        : request.getRestOperationType().getCode())
                        + (request.getResourceName() == null ? "" : " " + request.getResourceName());
                byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
            }
            return true;
        }

        Map<String, Long> counts() {
            Map<String, Long> counts = new TreeMap<>();
            byKind.forEach((kind, adder) -> counts.put(kind, adder.sum()));
            return counts;
        }
    }

    private record Snapshot(Map<String, Long> calls, Map<String, Double> callSeconds, Map<String, Long> searches,
                            Map<String, Map<String, Long>> requests) {

        long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        long requests(String centre) {
            return requests.get(centre).values().stream().mapToLong(Long::longValue).sum();
        }

        String minus(Snapshot before, java.util.function.Function<Snapshot, Map<String, Long>> what) {
            return what.apply(this).keySet().stream().map(centre -> centre + " "
                    + (what.apply(this).get(centre) - what.apply(before).getOrDefault(centre, 0L)))
                    .collect(Collectors.joining(", "));
        }

        /** Requests of each kind (all centres together) since {@code before}, per step. */
        String requestKindsPerStep(Snapshot before, long steps) {
            Map<String, Long> delta = new TreeMap<>();
            requests.forEach((centre, kinds) -> kinds.forEach((kind, count) -> delta.merge(kind,
                    count - before.requests.getOrDefault(centre, Map.of()).getOrDefault(kind, 0L), Long::sum)));
            return delta.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> String.format("%s %.1f", e.getKey(), perStep(e.getValue(), steps)))
                    .collect(Collectors.joining(", "));
        }
    }

    private Snapshot snapshot() {
        Map<String, Long> calls = new LinkedHashMap<>();
        Map<String, Double> callSeconds = new LinkedHashMap<>();
        Map<String, Long> searches = new LinkedHashMap<>();
        Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
        for (String centre : DemoCentres.CENTRE_IDS) {
            var timers = meters.find("oncotwin.fhir.calls").tag("centre", centre).timers();
            calls.put(centre, timers.stream().mapToLong(Timer::count).sum());
            callSeconds.put(centre, timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum());
            var counter = meters.find("oncotwin.referral.searches").tag("centre", centre).counter();
            searches.put(centre, counter == null ? 0 : (long) counter.count());
            requests.put(centre, counters.get(centre).counts());
        }
        return new Snapshot(calls, callSeconds, searches, requests);
    }

    private double gauge(String name, String centre) {
        var gauge = meters.find(name).tag("centre", centre).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static boolean awaitQuietly(Duration patience, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private static void await(String what, Duration patience, BooleanSupplier condition)
            throws InterruptedException {
        if (!awaitQuietly(patience, condition)) {
            throw new AssertionError("Timed out waiting for " + what);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    static double median(double[] values) {
        return AbstractPathwayBenchmark.median(values);
    }

    static double percentile(double[] values, double p) {
        return AbstractPathwayBenchmark.percentile(values, p);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
