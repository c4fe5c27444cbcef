package org.oncotwin.demo;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.oncotwin.centre.CentreDirectory;
import org.oncotwin.testing.SyntheticCohort;
import org.oncotwin.testing.centres.DemoCentres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The demo network's patients and life: at start, some 40 synthetic patients at every stage (see
 * {@link DemoStories}), then centres that answer while one watches ({@link DemoCentreLife}). Only in the demo
 * ({@code mvn spring-boot:test-run}, which sets {@value #SWITCH}; {@code ONCOTWIN_DEMO_NETWORK=false} starts it
 * empty): the class is test code, never in OncoTwin's jar, and does nothing unless switched on.
 */
@TestConfiguration(proxyBeanMethods = false)
@ConditionalOnProperty(name = DemoNetwork.SWITCH, havingValue = "true")
public class DemoNetwork {

    public static final String SWITCH = "oncotwin.demo.network";
    /** How many earlier patients (diagnosed 2016-2025, with consents) the centres hold for research; 0: none. */
    public static final String RESEARCH_PATIENTS = "oncotwin.demo.research-patients";
    private static final Logger log = LoggerFactory.getLogger(DemoNetwork.class);

    /**
     * The demo's history is written with the engine's clock set back; OncoTwin's own clock (FHIR dates, deadlines)
     * follows it, so that both tell the same time.
     */
    @Bean
    @Primary
    Clock engineClock() {
        return new EngineClock();
    }

    @Bean
    DemoPatients demoPatients(TaskService tasks, RuntimeService runtime, ManagementService management,
                              IdentityService identity, DemoCentres centres, FhirContext fhirContext,
                              CentreDirectory directory, Environment environment) {
        return new DemoPatients(() -> new DemoActions(
                environment.getRequiredProperty("local.server.port", Integer.class), tasks, runtime, management,
                identity, centres, fhirContext, directory), identity, () -> writeResearchCohort(centres, fhirContext,
                environment.getProperty(RESEARCH_PATIENTS, Integer.class, 500)));
    }

    /** Earlier patients of the centres' own records, with consents, so that the researcher login finds counts. */
    private static void writeResearchCohort(DemoCentres centres, FhirContext fhirContext, int patients) {
        if (patients <= 0) {
            return;
        }
        long started = System.nanoTime();
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
        DemoCentres.CENTRE_IDS.forEach(id -> urls.put(id, centres.centre(id).baseUrl()));
        SyntheticCohort.write(fhirContext, urls, SyntheticCohort.generate(patients, 2016, 2016, 2025,
                DemoCentres.CENTRE_IDS), 100);
        log.info("Demo network: {} earlier patients for research written in {} s", patients,
                (System.nanoTime() - started) / 1_000_000_000);
    }

    static final class DemoPatients implements AutoCloseable {
        private final java.util.function.Supplier<DemoActions> actions;
        private final IdentityService identity;
        private final Runnable researchCohort;
        private DemoCentreLife life;
        private Thread writer;

        DemoPatients(java.util.function.Supplier<DemoActions> actions, IdentityService identity,
                     Runnable researchCohort) {
            this.actions = actions;
            this.identity = identity;
            this.researchCohort = researchCohort;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void write() {
            writer = new Thread(() -> {
                DemoActions act = actions.get();
                DemoActions.await("the demo users", () -> identity.createUserQuery().userId("coordinator")
                        .count() == 1);
                DemoStories stories = new DemoStories(act);
                log.info("Demo network: writing {} patients' stories (the past first, then today)",
                        stories.patients());
                stories.play();
                life = new DemoCentreLife(act);
                life.start(stories.live(), stories.patients());
                researchCohort.run();
            }, "demo-network");
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.interrupt();
            }
            if (life != null) {
                life.close();
            }
        }
    }

    private static final class EngineClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(instant(), zone);
        }

        @Override
        public Instant instant() {
            return ClockUtil.getCurrentTime().toInstant();
        }
    }
}
