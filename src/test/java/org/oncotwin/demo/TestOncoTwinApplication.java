package org.oncotwin.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.oncotwin.OncoTwinApplication;
import org.oncotwin.testing.centres.DemoCentres;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The one-command demo ({@code mvn spring-boot:test-run}): starts the three demo centres as real HAPI FHIR servers,
 * then OncoTwin against them with demo users and, unless ONCOTWIN_DEMO_NETWORK=false, a network of demo patients
 * at every stage ({@link DemoNetwork}). Ports: ONCOTWIN_DEMO_CENTRE_PORTS (default 8091,8092,8093), PORT (8080).
 */
public final class TestOncoTwinApplication {

    private TestOncoTwinApplication() {
    }

    public static void main(String[] args) {
        String[] ports = System.getenv().getOrDefault("ONCOTWIN_DEMO_CENTRE_PORTS", "8091,8092,8093").split(",");
        Map<String, Integer> portByCentre = new LinkedHashMap<>();
        for (int i = 0; i < DemoCentres.CENTRE_IDS.size(); i++) {
            portByCentre.put(DemoCentres.CENTRE_IDS.get(i), Integer.parseInt(ports[i].trim()));
        }
        DemoCentres centres = DemoCentres.start(portByCentre);
        Runtime.getRuntime().addShutdownHook(new Thread(centres::close, "demo-centres-shutdown"));
        centres.properties().forEach(System::setProperty);
        // the demo runs on in-memory H2 unless SPRING_DATASOURCE_URL says otherwise; a production start would refuse
        System.setProperty("oncotwin.security.embedded-database", "true");
        // the demo's history moves the engine's clock on by days: timers then fall due without a hint to the job
        // executor, which should look for them every second rather than back off for up to a minute
        System.setProperty("camunda.bpm.job-execution.wait-time-in-millis", "200");
        System.setProperty("camunda.bpm.job-execution.max-wait", "1000");
        // research exports need a pseudonym key; the demo's is public, so its pseudonyms protect nothing
        if (System.getenv("ONCOTWIN_RESEARCH_PSEUDONYM_KEY") == null) {
            System.setProperty("oncotwin.research.pseudonym-key", "demo-only-pseudonym-key-not-secret");
        }
        System.setProperty(DemoNetwork.SWITCH, System.getenv().getOrDefault("ONCOTWIN_DEMO_NETWORK", "true"));
        try {
            new SpringApplicationBuilder(OncoTwinApplication.class, DemoSetup.class, DemoNetwork.class)
                    .initializers(context -> context.getBeanFactory().registerSingleton("demoCentres", centres))
                    .run(args);
        } catch (RuntimeException e) {
            // the centres' Jetty threads would keep a failed demo alive
            centres.close();
            throw e;
        }
    }
}
