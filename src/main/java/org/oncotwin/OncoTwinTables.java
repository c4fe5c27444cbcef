package org.oncotwin;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.stereotype.Component;

/**
 * OncoTwin's own tables ({@code ot_*}), brought up to date at start by versioned migrations
 * ({@code src/main/resources/db/oncotwin}), apart from Camunda's schema and with their own history table
 * {@code ot_schema_history}. An installation from before the migrations is baselined at version 0 and then migrated,
 * so it keeps its data. Components that use the tables take this bean, so the tables exist before they start.
 */
@Component
public class OncoTwinTables {

    public static final String LOCATION = "classpath:db/oncotwin";

    public OncoTwinTables(DataSource dataSource) {
        migrate(dataSource);
    }

    /** Brings the tables of a database up to date (also for tests and benchmarks on their own database). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(LOCATION).table("ot_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }
}
