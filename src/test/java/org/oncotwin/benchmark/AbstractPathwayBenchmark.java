package org.oncotwin.benchmark;

import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.oncotwin.centre.Modality;
import org.oncotwin.fhir.CentreClients;
import org.oncotwin.fhir.StepContext;
import org.oncotwin.process.Activities;
import org.oncotwin.process.PatientDetails;
import org.oncotwin.referral.Referral;
import org.oncotwin.referral.ReferralService;
import org.oncotwin.testing.AbstractPathwayIT;
import org.oncotwin.testing.CentreSimulator;
import org.oncotwin.twin.TwinAssembler;
import org.oncotwin.testing.OncoTwinNode;
import org.oncotwin.testing.SharedCentres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pathway benchmark, on the integration tests' setup (PostgreSQL, three HAPI FHIR JPA servers, history FULL):
 * orchestration overhead of one step, throughput of many pathways with centres answering through FHIR, memory and
 * step latency with many pathways waiting, and twin assembly against single-centre queries. Measures and prints;
 * asserts no timing.
 */
abstract class AbstractPathwayBenchmark extends AbstractPathwayIT {

    /** How much to run: {@code -Doncotwin.benchmark.<name>=...}. */
    record Sizes(int overheadSteps, int pathways, int stepsPerPathway, int waiting, int twinRounds,
                 Duration throughputBudget, boolean secondNode) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("oncotwin.benchmark.overhead-steps", 100),
                    Integer.getInteger("oncotwin.benchmark.pathways", 300),
                    Integer.getInteger("oncotwin.benchmark.steps-per-pathway", 5),
                    Integer.getInteger("oncotwin.benchmark.waiting", 10000),
                    Integer.getInteger("oncotwin.benchmark.twin-rounds", 20),
                    Duration.ofSeconds(Integer.getInteger("oncotwin.benchmark.throughput-budget-seconds", 420)),
                    Boolean.parseBoolean(System.getProperty("oncotwin.benchmark.second-node", "true")));
        }
    }

    @Autowired
    RepositoryService repository;
    @Autowired
    ReferralService referrals;
    @Autowired
    TwinAssembler twins;
    @Autowired
    CentreClients clients;
    @Autowired
    ProcessEngine engine;
    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    /** Referrals each simulated centre answers at once: enough that the answers do not bound the throughput. */
    private static final int SIMULATED_ANSWERERS_PER_CENTRE = 8;


    /** Before (what a killed earlier run left) and after: no benchmark pathway keeps running. */
    @BeforeEach
    @AfterEach
    void removeBenchmarkPathways() {
        for (String model : List.of(BenchmarkModels.PATHWAY, BenchmarkModels.SEND_REFERRAL)) {
            deleteAll(runtime.createProcessInstanceQuery().processDefinitionKey(model).list().stream()
                    .map(ProcessInstance::getId).toList());
        }
    }

    private void deleteAll(List<String> pathways) {
        for (int from = 0; from < pathways.size(); from += 200) {
            List<String> batch = pathways.subList(from, Math.min(pathways.size(), from + 200));
            try {
                runtime.deleteProcessInstances(batch, "benchmark cleanup", true, true);
            } catch (ProcessEngineException busy) { // a job moved one meanwhile
                batch.forEach(this::cleanUp);
            }
        }
    }

    String run(Sizes sizes) throws Exception {
        repository.createDeployment().name("benchmark").enableDuplicateFiltering(true)
                .addString("benchmark-pathway.bpmn", BenchmarkModels.pathway(sizes.stepsPerPathway()))
                .addString("benchmark-send-referral.bpmn", BenchmarkModels.sendReferral()).deploy();
        var report = new StringBuilder("OncoTwin pathway benchmark (PostgreSQL, three HAPI FHIR JPA centres "
                + (SharedCentres.inOwnJvm() ? "in a JVM of their own" : "in the test JVM") + ", history level "
                + configuration().getHistory() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + (autovacuumOff() ? "; PostgreSQL's autovacuum is off here: in its place the benchmark vacuums and "
                + "analyzes the runtime tables every minute and analyzes the database between phases" : "") + ")\n");
        standInForAutovacuum();
        var autovacuum = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "benchmark-autovacuum");
            thread.setDaemon(true);
            return thread;
        });
        if (autovacuumOff()) {
            autovacuum.scheduleWithFixedDelay(this::vacuumRuntimeTables, 1, 1, TimeUnit.MINUTES);
        }
        try {
            return run(sizes, report);
        } finally {
            autovacuum.shutdownNow();
        }
    }

    private String run(Sizes sizes, StringBuilder report) throws Exception {
        overhead(sizes.overheadSteps(), report, "1. Orchestration overhead");
        String twinId = throughput(sizes, report, null);
        standInForAutovacuum();
        System.out.println(report); // the slow parts follow: what is known so far
        twinAssembly(twinId, sizes.twinRounds(), report);
        if (sizes.secondNode()) {
            twoNodes(sizes, report);
            standInForAutovacuum();
            System.out.println(report);
        }
        scale(sizes, report);
        return report.toString();
    }

    // 1. ------------------------------------------------------------------------------------------------------

    /**
     * (a) the step's FHIR transaction alone; (b) the same step as a job of the engine, executed at once. Both are
     * warmed up first, then measured in turns, so that neither profits from running later.
     */
    private double[] overhead(int steps, StringBuilder report, String title) {
        int warmUp = Math.max(2, steps / 5);
        double[] direct = new double[steps];
        double[] orchestrated = new double[steps];
        double[] directCpu = new double[steps];
        double[] orchestratedCpu = new double[steps];
        var threads = ManagementFactory.getThreadMXBean();
        var jobExecutor = configuration().getJobExecutor();
        jobExecutor.shutdown();
        try {
            List<String> instances = new ArrayList<>();
            for (int i = 0; i < warmUp + steps; i++) {
                var variables = intake("BM-" + i);
                variables.put(TWIN_ID, CentreSimulator.IGNORED_TWIN_PREFIX + UUID.randomUUID());
                variables.put(COORDINATING_CENTRE, "leipzig");
                variables.put(RECEIVING_CENTRE, "dresden");
                variables.put(MODALITY, "imaging");
                instances.add(runtime.startProcessInstanceByKey(BenchmarkModels.SEND_REFERRAL,
                        (String) variables.get(TWIN_ID), variables).getId());
            }
            for (int i = 0; i < warmUp + steps; i++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                double a = sendDirectly(i);
                double aCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                Job job = management.createJobQuery().processInstanceId(instances.get(i)).singleResult();
                cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                management.executeJob(job.getId());
                double b = millisSince(start);
                double bCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                if (i >= warmUp) {
                    direct[i - warmUp] = a;
                    orchestrated[i - warmUp] = b;
                    directCpu[i - warmUp] = aCpu;
                    orchestratedCpu[i - warmUp] = bCpu;
                }
            }
        } finally {
            jobExecutor.start();
        }
        double ratio = median(orchestrated) / median(direct);
        report.append(String.format("%s (%d Send referral steps after a warm-up, in turns: Patient, ServiceRequest, "
                        + "Task, Communication, Provenance in one transaction)%n"
                        + "   (a) FHIR transaction alone           median %6.1f ms  p95 %6.1f ms%n"
                        + "   (b) full step as engine job          median %6.1f ms  p95 %6.1f ms%n"
                        + "   b/a (medians) = %.2f%n"
                        + "   CPU of the calling thread, median: (a) %.1f ms, (b) %.1f ms%n", title, steps,
                median(direct), percentile(direct, 0.95), median(orchestrated), percentile(orchestrated, 0.95), ratio,
                median(directCpu), median(orchestratedCpu)));
        return orchestrated;
    }

    private double sendDirectly(int i) {
        String twinId = CentreSimulator.IGNORED_TWIN_PREFIX + UUID.randomUUID();
        var step = new StepContext(twinId, BenchmarkModels.SEND_REFERRAL, UUID.randomUUID().toString(),
                Activities.SEND_REFERRAL, "benchmark");
        var referral = new Referral(new PatientDetails(twinId, "BM-" + i, "Jana", "Novak", LocalDate.of(1961, 4, 23),
                AdministrativeGender.FEMALE), "leipzig", "dresden", Modality.IMAGING, "Staging", false, null,
                Instant.now().plus(Duration.ofDays(2)), "benchmark", new Referral.Handover("Summary", "Findings",
                "Questions"));
        long start = System.nanoTime();
        referrals.send(step, referral, java.util.Optional.empty());
        return millisSince(start);
    }

    // 2. ------------------------------------------------------------------------------------------------------

    /** @return the twin of a finished pathway, for the twin figure */
    private String throughput(Sizes sizes, StringBuilder report, OncoTwinNode secondNode) throws Exception {
        long callsBefore = totalCount();
        double callSecondsBefore = totalSeconds();
        long cpuBefore = processCpuNanos();
        Map<String, Long> threadCpuBefore = cpuByThreadGroup();
        long gcBefore = gcMillis();
        List<String> pathways = new ArrayList<>();
        Instant started = Instant.now();
        long simulatedTasks;
        long simulatorCpu;
        Duration centresCpuBefore = centresCpu();
        Duration secondNodeCpuBefore = secondNode == null ? Duration.ZERO : secondNode.cpuTime();
        try (var simulator = new CentreSimulator(List.of(client("leipzig"), client("dresden"), client("prague")),
                SIMULATED_ANSWERERS_PER_CENTRE)) {
            for (int i = 0; i < sizes.pathways(); i++) {
                pathways.add(runtime.startProcessInstanceByKey(BenchmarkModels.PATHWAY, intake("TP-" + i)).getId());
            }
            Instant deadline = started.plus(sizes.throughputBudget());
            while (Instant.now().isBefore(deadline) && runtime.createProcessInstanceQuery()
                    .processDefinitionKey(BenchmarkModels.PATHWAY).count() > 0) {
                Thread.sleep(250);
            }
            simulatedTasks = simulator.completed();
            simulatorCpu = simulator.cpuNanos();
        }
        Duration centresCpuUsed = centresCpu().minus(centresCpuBefore);
        long secondNodeCpu = secondNode == null ? 0 : secondNode.cpuTime().minus(secondNodeCpuBefore).toNanos();
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        var ours = new HashSet<>(pathways);
        List<HistoricProcessInstance> steps = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(TREATMENT_STEP).startedAfter(Date.from(started)).finished().list()
                .stream().filter(step -> ours.contains(step.getRootProcessInstanceId())).toList();
        double[] latencies = steps.stream().mapToDouble(step -> step.getDurationInMillis()).toArray();
        // a few stragglers must not hide the rate of the rest: the time until 95 % of all steps were done
        int expectedSteps = sizes.pathways() * sizes.stepsPerPathway();
        int ninetyFive = (int) Math.ceil(0.95 * expectedSteps);
        double[] endSeconds = steps.stream().mapToDouble(step ->
                (step.getEndTime().getTime() - started.toEpochMilli()) / 1000.0).sorted().toArray();
        double secondsTo95 = endSeconds.length >= ninetyFive ? endSeconds[ninetyFive - 1] : Double.NaN;
        long finished = history.createHistoricProcessInstanceQuery().processDefinitionKey(BenchmarkModels.PATHWAY)
                .startedAfter(Date.from(started)).finished().list().stream()
                .filter(p -> ours.contains(p.getId()) && "COMPLETED".equals(p.getState())).count();
        long calls = totalCount() - callsBefore;
        double callSeconds = totalSeconds() - callSecondsBefore;
        long testJvmCpu = processCpuNanos() - cpuBefore;
        String where = whereTheCpuWent(threadCpuBefore, cpuByThreadGroup(), testJvmCpu, Math.max(1, steps.size()))
                + String.format(" (garbage collection pauses: %.1f ms per step)",
                (double) (gcMillis() - gcBefore) / Math.max(1, steps.size()));
        double cpuShare = testJvmCpu / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
        double oncoTwinCpuPerStep = steps.isEmpty() ? Double.NaN
                : (testJvmCpu - simulatorCpu + secondNodeCpu) / 1e6 / steps.size();
        report.append(String.format("2. Throughput: %d pathways of %d steps started at once, centres answering through "
                        + "FHIR Task updates (accepted, in-progress, completed), up to %d referrals at once per centre%n"
                        + "   %d of %d pathways completed, %d steps in %.1f s: %.1f steps/s; 95 %% of the %d steps done"
                        + " after %.1f s: %.1f steps/s%n"
                        + "   step latency (TreatmentStep: referral sent to outcome recorded) p50 %.0f ms, p95 %.0f ms%n"
                        + "   OncoTwin's FHIR calls: %d (%.1f per step), mean %.1f ms; the simulated centres updated"
                        + " %d Tasks (3 updates each)%n"
                        + "   CPU of the test JVM (%s): %.0f %% of all cores%n"
                        + "   OncoTwin's CPU per step (the test JVM without the simulated centres' threads%s%s): %.1f ms%s%n",
                sizes.pathways(), sizes.stepsPerPathway(), SIMULATED_ANSWERERS_PER_CENTRE, finished, sizes.pathways(),
                steps.size(), seconds, steps.size() / seconds, expectedSteps, secondsTo95, ninetyFive / secondsTo95,
                percentile(latencies, 0.5),
                percentile(latencies, 0.95), calls, steps.isEmpty() ? 0.0 : (double) calls / steps.size(),
                calls == 0 ? 0.0 : callSeconds * 1000 / calls, simulatedTasks,
                SharedCentres.inOwnJvm() ? "OncoTwin, PostgreSQL client, the simulated centres' clients"
                        : "OncoTwin, PostgreSQL client, the three HAPI servers", cpuShare * 100,
                SharedCentres.inOwnJvm() ? "" : ", but with the three HAPI servers",
                secondNode == null ? "" : ", and the second node's JVM", oncoTwinCpuPerStep,
                SharedCentres.inOwnJvm() ? String.format("; the centres' JVM: %.1f ms per step, %.0f %% of all cores",
                        centresCpuUsed.toNanos() / 1e6 / Math.max(1, steps.size()),
                        centresCpuUsed.toNanos() / 1e9 / seconds / Runtime.getRuntime().availableProcessors() * 100)
                        : ""));
        report.append("   where the test JVM's CPU went, ms per step: ").append(where).append('\n');
        // the pathways that did not finish in time would take part in the next phase
        deleteAll(runtime.createProcessInstanceQuery().processDefinitionKey(BenchmarkModels.PATHWAY).list().stream()
                .map(ProcessInstance::getId).toList());
        return history.createHistoricProcessInstanceQuery().processInstanceId(pathways.get(0)).singleResult()
                .getBusinessKey();
    }

    // 5. ------------------------------------------------------------------------------------------------------

    /**
     * The throughput of section 2 again, with a second OncoTwin node (a JVM of its own, the same database, centres
     * and job executor settings) beside the one of the test.
     */
    private void twoNodes(Sizes sizes, StringBuilder report) throws Exception {
        Path log = Path.of("target", "benchmarks", "second-node.log");
        try (OncoTwinNode second = OncoTwinNode.start("benchmark-node-2", BenchmarkDatabase.url(),
                SharedCentres.properties(), log)) {
            var twoNodeReport = new StringBuilder();
            throughput(sizes, twoNodeReport, second);
            report.append("5. Two nodes on the same database (the test's and a second JVM), section 2 again:\n")
                    .append(twoNodeReport.toString().lines().skip(1).map(line -> "   " + line + "\n")
                            .reduce("", String::concat));
        }
    }

    // 4. ------------------------------------------------------------------------------------------------------

    private void twinAssembly(String twinId, int rounds, StringBuilder report) {
        double[] twin = new double[rounds];
        Map<String, double[]> single = new LinkedHashMap<>();
        for (String centre : List.of("leipzig", "dresden", "prague")) {
            single.put(centre, new double[rounds]);
        }
        int resources = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            resources = twins.assemble(twinId).resources().size();
            twin[round] = millisSince(start);
            for (var centre : single.entrySet()) {
                start = System.nanoTime();
                everything(centre.getKey(), twinId);
                centre.getValue()[round] = millisSince(start);
            }
        }
        String slowest = single.entrySet().stream().max(Comparator.comparingDouble(e -> median(e.getValue())))
                .map(Map.Entry::getKey).orElseThrow();
        double ratio = median(twin) / median(single.get(slowest));
        report.append(String.format("4. Twin assembly (%d resources from three centres, %d rounds)%n"
                        + "   twin (parallel, $everything + Provenance, merge)  median %6.1f ms%n"
                        + "   slowest single-centre query (%s: Patient search + $everything) median %6.1f ms%n"
                        + "   ratio = %.2f%n", resources, rounds, median(twin), slowest, median(single.get(slowest)),
                ratio));
    }

    private void everything(String centreId, String twinId) {
        IGenericClient client = client(centreId);
        Bundle patients = client.search().byUrl("Patient?identifier=urn:oncotwin:twin|" + twinId)
                .cacheControl(CentreClients.FRESH).returnBundle(Bundle.class).execute();
        for (var entry : patients.getEntry()) {
            client.operation().onInstance(entry.getResource().getIdElement().toUnqualifiedVersionless())
                    .named("$everything").withNoParameters(Parameters.class).returnResourceType(Bundle.class)
                    .cacheControl(CentreClients.FRESH).execute();
        }
    }

    // 3. ------------------------------------------------------------------------------------------------------

    private void scale(Sizes sizes, StringBuilder report) throws Exception {
        // the same step with none waiting, measured now that the JVMs are as warm as they will be after the ramp
        double[] unloaded = overhead(Math.max(3, sizes.overheadSteps()), new StringBuilder(), "");
        long heapBefore = usedHeapAfterGc();
        long databaseBefore = databaseBytes();
        Instant started = Instant.now();
        List<String> waiting = new ArrayList<>();
        var rates = new StringBuilder();
        int chunk = Math.max(1, Math.min(1000, sizes.waiting() / 5));
        Instant chunkStarted = started;
        long chunkCpuStarted = processCpuNanos();
        Duration chunkCentresCpuStarted = centresCpu();
        for (int i = 0; i < sizes.waiting(); i++) {
            waiting.add(runtime.startProcessInstanceByKey(BenchmarkModels.PATHWAY, intake("SC-" + i)).getId());
            if ((i + 1) % chunk == 0) {
                awaitNoExecutableJobs(sizes.waiting());
                double chunkSeconds = Duration.between(chunkStarted, Instant.now()).toMillis() / 1000.0;
                double oncoTwinCpu = (processCpuNanos() - chunkCpuStarted) / 1e6 / chunk;
                double centresCpu = centresCpu().minus(chunkCentresCpuStarted).toNanos() / 1e6 / chunk;
                String rate = String.format(" %d: %.1f/s (CPU per pathway: OncoTwin %.0f ms, centres %.0f ms);",
                        i + 1, chunk / chunkSeconds, oncoTwinCpu, centresCpu);
                rates.append(rate);
                System.out.println("   pathways waiting" + rate);
                chunkStarted = Instant.now();
                chunkCpuStarted = processCpuNanos();
                chunkCentresCpuStarted = centresCpu();
            }
        }
        awaitNoExecutableJobs(sizes.waiting());
        double rampSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long heapWaiting = usedHeapAfterGc();
        long databaseWaiting = databaseBytes();
        long openTasks = tasks.createTaskQuery().taskDefinitionKey(Activities.ANSWER_REFERRAL).count();
        double[] latency = overhead(Math.max(3, sizes.overheadSteps()), new StringBuilder(), "");
        report.append(String.format("3. Scale: %d pathways started and left waiting at the centres (%d referrals "
                        + "open), in %.1f s (%.1f pathways/s, 2 FHIR transactions each)%n"
                        + "   start rate by pathways waiting:%s%n"
                        + "   heap used after GC (%s): %d MiB before, %d MiB with them waiting%n"
                        + "   database: %d MiB before, %d MiB with them waiting%n"
                        + "   a Send referral step (engine job), %d after a warm-up: none waiting median %.1f ms, p95 %.1f"
                        + " ms; %d waiting median %.1f ms, p95 %.1f ms; ratio of medians %.2f, of p95 %.2f%n",
                sizes.waiting(), openTasks, rampSeconds, sizes.waiting() / rampSeconds, rates,
                SharedCentres.inOwnJvm() ? "OncoTwin's JVM" : "the test JVM, with the centres", heapBefore >> 20,
                heapWaiting >> 20, databaseBefore >> 20, databaseWaiting >> 20, latency.length,
                median(unloaded), percentile(unloaded, 0.95), sizes.waiting(), median(latency),
                percentile(latency, 0.95), median(latency) / median(unloaded),
                percentile(latency, 0.95) / percentile(unloaded, 0.95)));
        deleteAll(waiting);
    }

    private void awaitNoExecutableJobs(int waiting) throws InterruptedException {
        await(waiting + " pathways waiting at a centre", Duration.ofMinutes(20), () ->
                management.createJobQuery().processDefinitionKey(BenchmarkModels.PATHWAY).executable().count() == 0
                        && management.createJobQuery().processDefinitionKey(TREATMENT_STEP).executable().count() == 0);
    }

    private boolean autovacuumOff() {
        return "off".equals(jdbc.queryForObject("show autovacuum", String.class));
    }

    /**
     * What PostgreSQL's autovacuum does in production, done here when a machine has it off: without statistics the
     * planner takes Camunda's variable lookups through an index on {@code TASK_ID_ is null} that matches every
     * process variable, and dead rows of the runtime tables pile up.
     */
    private void standInForAutovacuum() {
        if (autovacuumOff()) {
            vacuumRuntimeTables();
            jdbc.execute("analyze");
        }
    }

    private synchronized void vacuumRuntimeTables() {
        try {
            jdbc.execute("vacuum analyze act_ru_execution, act_ru_variable, act_ru_job, act_ru_task, "
                    + "act_ru_event_subscr, act_ru_identitylink, act_ru_incident, ot_pathway, ot_referral");
        } catch (RuntimeException e) {
            System.out.println("benchmark autovacuum: " + e.getMessage());
        }
    }

    private long databaseBytes() {
        return jdbc.queryForObject("select pg_database_size(current_database())", Long.class);
    }

    private static Duration centresCpu() {
        return SharedCentres.ownJvm().map(centres -> centres.cpuTime()).orElse(Duration.ZERO);
    }

    private static void await(String what, Duration patience, BooleanSupplier condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** CPU time of this JVM's live threads, by name without numbers (pools: "http-nio-exec-", "pool--thread-"). */
    private static Map<String, Long> cpuByThreadGroup() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    groups.merge(info.getThreadName().replaceAll("[0-9]+", ""), cpu, Long::sum);
                }
            }
        }
        return groups;
    }

    /**
     * The thread groups that used most CPU in between, and the rest: the JIT compiler's and the garbage collector's
     * threads (which the thread bean does not list) and threads that ended meanwhile.
     */
    private static String whereTheCpuWent(Map<String, Long> before, Map<String, Long> after, long processCpu,
                                          int steps) {
        Map<String, Long> used = new HashMap<>();
        after.forEach((group, cpu) -> used.put(group, cpu - before.getOrDefault(group, 0L)));
        long threads = used.values().stream().mapToLong(Long::longValue).sum();
        var top = used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e6 / steps)).toList();
        return String.join(", ", top) + String.format("; JIT, GC and ended threads %.1f",
                (processCpu - threads) / 1e6 / steps);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private long totalCount() {
        return meters.find("oncotwin.fhir.calls").timers().stream().mapToLong(Timer::count).sum();
    }

    private double totalSeconds() {
        return meters.find("oncotwin.fhir.calls").timers().stream()
                .mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
    }

    private IGenericClient client(String centreId) {
        return records(centreId).client();
    }

    private Map<String, Object> intake(String mrn) {
        var variables = new HashMap<String, Object>(Map.of(
                PATIENT_FAMILY_NAME, "Novak", PATIENT_GIVEN_NAME, "Jana", PATIENT_BIRTH_DATE, "1961-04-23",
                PATIENT_GENDER, "female", PATIENT_MRN, mrn + "-" + UUID.randomUUID().toString().substring(0, 8),
                REFERRAL_REASON, "Benchmark pathway", URGENCY, "routine"));
        variables.put(CLINICAL_SUMMARY, "Synthetic benchmark patient");
        variables.put(RELEVANT_FINDINGS, "none");
        variables.put(OPEN_QUESTIONS, "none");
        return variables;
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double median(double[] values) {
        return percentile(values, 0.5);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
    }
}
