package org.oncotwin.demo;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Demo-only users and groups (synthetic, never in production), and the banner telling where to log in. Every demo
 * user's password is {@value #DEMO_PASSWORD}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoSetup {

    static final String DEMO_PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    @Bean
    DemoUsers demoUsers(IdentityService identity, CentreDirectory centres, Environment environment) {
        return new DemoUsers(identity, centres, environment);
    }

    static class DemoUsers {
        private final IdentityService identity;
        private final CentreDirectory centres;
        private final Environment environment;

        DemoUsers(IdentityService identity, CentreDirectory centres, Environment environment) {
            this.identity = identity;
            this.centres = centres;
            this.environment = environment;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void createUsersAndPrintBanner() {
            group("camunda-admin", "Camunda administrators", "SYSTEM");
            group("coordinators", "Care coordinators", "WORKFLOW");
            group("managers", "Pathway managers", "WORKFLOW");
            user("admin", "Ada", "Admin", "camunda-admin");
            user("coordinator", "Clara", "Coordinator", "coordinators");
            user("manager", "Max", "Manager", "managers");
            group("researchers", "Researchers", "WORKFLOW");
            user("researcher", "Rosa", "Researcher", "researchers");
            for (Centre centre : centres.all()) {
                group("staff-" + centre.id(), "Staff of " + centre.name(), "WORKFLOW");
                group("physicians-" + centre.id(), "Physicians of " + centre.name(), "WORKFLOW");
                user(centre.id() + "-staff", "Staff", centre.name(), "staff-" + centre.id());
                user(centre.id() + "-physician", "Physician", centre.name(), "physicians-" + centre.id());
            }
            printBanner();
        }

        private void printBanner() {
            String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
            List<String> lines = new ArrayList<>();
            lines.add("OncoTwin demo is running (synthetic demo data only)");
            lines.add("  Tasklist:  " + base + "/camunda/app/tasklist/");
            lines.add("  Cockpit:   " + base + "/camunda/app/cockpit/");
            lines.add("  API:       " + base + "/api/pathways");
            for (Centre centre : centres.all()) {
                lines.add(String.format("  Centre %-8s %-28s %s", centre.id(), centre.name(), centre.fhirBaseUrl()));
            }
            lines.add("  Demo logins (password '" + DEMO_PASSWORD + "'): admin, coordinator, manager, researcher, "
                    + "<centre>-staff, <centre>-physician");
            String rule = "=".repeat(90);
            log.info("\n{}\n{}\n{}", rule, String.join("\n", lines), rule);
        }

        private void group(String id, String name, String type) {
            if (identity.createGroupQuery().groupId(id).count() == 0) {
                Group group = identity.newGroup(id);
                group.setName(name);
                group.setType(type);
                identity.saveGroup(group);
            }
        }

        private void user(String id, String firstName, String lastName, String groupId) {
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setFirstName(firstName);
                user.setLastName(lastName);
                user.setEmail(id + "@demo.oncotwin.invalid");
                user.setPassword(DEMO_PASSWORD);
                identity.saveUser(user);
                identity.createMembership(id, groupId);
            }
        }
    }
}
