package org.oncotwin.benchmark;

import static org.oncotwin.process.ProcessKeys.*;
import static org.oncotwin.process.VariableNames.*;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pathway benchmark, on the integration tests' setup (PostgreSQL, three HAPI FHIR JPA servers, history FULL):
 * orchestration overhead of one step, throughput of many pathways with centres answering through FHIR, memory and
 * step latency with many pathways waiting, and twin assembly against single-centre queries. Measures and prints;
 * asserts no timing.
 */
abstract class AbstractPathwayBenchmark extends AbstractPathwayIT {

    /** How much to run: {@code -Doncotwin.benchmark.<name>=...}. */
    record Sizes(int overheadSteps, int pathways, int stepsPerPathway, int waiting, int twinRounds,
                 Duration throughputBudget) {

        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("oncotwin.benchmark.overhead-steps", 100),
                    Integer.getInteger("oncotwin.benchmark.pathways", 300),
                    Integer.getInteger("oncotwin.benchmark.steps-per-pathway", 5),
                    Integer.getInteger("oncotwin.benchmark.waiting", 2000),
                    Integer.getInteger("oncotwin.benchmark.twin-rounds", 20),
                    Duration.ofSeconds(Integer.getInteger("oncotwin.benchmark.throughput-budget-seconds", 420)));
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

    private final List<String> startedPathways = new ArrayList<>();

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
        var report = new StringBuilder("OncoTwin pathway benchmark (PostgreSQL, three HAPI FHIR JPA centres in the "
                + "test JVM, history level " + configuration().getHistory() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)\n");
        overhead(sizes.overheadSteps(), report, "1. Orchestration overhead");
        String twinId = throughput(sizes, report);
        System.out.println(report); // the slow parts follow: what is known so far
        twinAssembly(twinId, sizes.twinRounds(), report);
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
                double a = sendDirectly(i);
                Job job = management.createJobQuery().processInstanceId(instances.get(i)).singleResult();
                long start = System.nanoTime();
                management.executeJob(job.getId());
                double b = millisSince(start);
                if (i >= warmUp) {
                    direct[i - warmUp] = a;
                    orchestrated[i - warmUp] = b;
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
                        + "   b/a (medians) = %.2f%n", title, steps, median(direct), percentile(direct, 0.95),
                median(orchestrated), percentile(orchestrated, 0.95), ratio));
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
    private String throughput(Sizes sizes, StringBuilder report) throws Exception {
        long callsBefore = totalCount();
        double callSecondsBefore = totalSeconds();
        long cpuBefore = processCpuNanos();
        List<String> pathways = new ArrayList<>();
        Instant started = Instant.now();
        long simulatedTasks;
        try (var simulator = new CentreSimulator(List.of(client("leipzig"), client("dresden"), client("prague")))) {
            for (int i = 0; i < sizes.pathways(); i++) {
                pathways.add(runtime.startProcessInstanceByKey(BenchmarkModels.PATHWAY, intake("TP-" + i)).getId());
            }
            Instant deadline = started.plus(sizes.throughputBudget());
            while (Instant.now().isBefore(deadline) && runtime.createProcessInstanceQuery()
                    .processDefinitionKey(BenchmarkModels.PATHWAY).count() > 0) {
                Thread.sleep(250);
            }
            simulatedTasks = simulator.completed();
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        var ours = new HashSet<>(pathways);
        List<HistoricProcessInstance> steps = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(TREATMENT_STEP).startedAfter(Date.from(started)).finished().list()
                .stream().filter(step -> ours.contains(step.getRootProcessInstanceId())).toList();
        double[] latencies = steps.stream().mapToDouble(step -> step.getDurationInMillis()).toArray();
        long finished = history.createHistoricProcessInstanceQuery().processDefinitionKey(BenchmarkModels.PATHWAY)
                .startedAfter(Date.from(started)).finished().list().stream()
                .filter(p -> ours.contains(p.getId()) && "COMPLETED".equals(p.getState())).count();
        long calls = totalCount() - callsBefore;
        double callSeconds = totalSeconds() - callSecondsBefore;
        double cpuShare = (processCpuNanos() - cpuBefore) / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
        report.append(String.format("2. Throughput: %d pathways of %d steps started at once, centres answering through "
                        + "FHIR Task updates (accepted, in-progress, completed)%n"
                        + "   %d of %d pathways completed, %d steps in %.1f s: %.1f steps/s%n"
                        + "   step latency (TreatmentStep: referral sent to outcome recorded) p50 %.0f ms, p95 %.0f ms%n"
                        + "   OncoTwin's FHIR calls: %d (%.1f per step), mean %.1f ms; the simulated centres updated"
                        + " %d Tasks (3 updates each)%n"
                        + "   CPU of the test JVM (OncoTwin, PostgreSQL client, the three HAPI servers): %.0f %% of all"
                        + " cores%n", sizes.pathways(), sizes.stepsPerPathway(), finished, sizes.pathways(),
                steps.size(), seconds, steps.size() / seconds, percentile(latencies, 0.5),
                percentile(latencies, 0.95), calls, steps.isEmpty() ? 0.0 : (double) calls / steps.size(),
                calls == 0 ? 0.0 : callSeconds * 1000 / calls, simulatedTasks, cpuShare * 100));
        return history.createHistoricProcessInstanceQuery().processInstanceId(pathways.get(0)).singleResult()
                .getBusinessKey();
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
        long heapBefore = usedHeapAfterGc();
        Instant started = Instant.now();
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < sizes.waiting(); i++) {
            waiting.add(runtime.startProcessInstanceByKey(BenchmarkModels.PATHWAY, intake("SC-" + i)).getId());
        }
        await(sizes.waiting() + " pathways waiting at a centre", Duration.ofMinutes(20), () ->
                management.createJobQuery().processDefinitionKey(BenchmarkModels.PATHWAY).executable().count() == 0
                        && management.createJobQuery().processDefinitionKey(TREATMENT_STEP).executable().count() == 0);
        double rampSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long heapWaiting = usedHeapAfterGc();
        long openTasks = tasks.createTaskQuery().taskDefinitionKey(Activities.ANSWER_REFERRAL).count();
        double[] latency = overhead(Math.min(30, Math.max(3, sizes.overheadSteps() / 3)), new StringBuilder(), "");
        report.append(String.format("3. Scale: %d pathways started and left waiting at the centres (%d referrals "
                        + "open), in %.1f s (%.1f pathways/s, 2 FHIR transactions each)%n"
                        + "   heap used after GC: %d MiB before, %d MiB with them waiting%n"
                        + "   a Send referral step meanwhile (engine job): median %.1f ms, p95 %.1f ms%n",
                sizes.waiting(), openTasks, rampSeconds, sizes.waiting() / rampSeconds, heapBefore >> 20,
                heapWaiting >> 20, median(latency), percentile(latency, 0.95)));
        deleteAll(waiting);
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
