package org.oncotwin.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.oncotwin.OncoTwinApplication;
import org.oncotwin.testing.centres.DemoCentres;
import org.springframework.boot.SpringApplication;

/**
 * The one-command demo ({@code mvn spring-boot:test-run}): starts the three demo centres as real HAPI FHIR servers,
 * then OncoTwin against them with demo users. Ports: ONCOTWIN_DEMO_CENTRE_PORTS (default 8091,8092,8093).
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
        try {
            SpringApplication.from(OncoTwinApplication::main).with(DemoSetup.class).run(args);
        } catch (RuntimeException e) {
            // the centres' Jetty threads would keep a failed demo alive
            centres.close();
            throw e;
        }
    }
}
