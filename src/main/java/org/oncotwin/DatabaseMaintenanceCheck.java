package org.oncotwin;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Warns at start when PostgreSQL's autovacuum is off. Camunda's runtime tables churn with every step (each job and
 * variable is inserted and deleted); without autovacuum they bloat and keep no planner statistics, and PostgreSQL then
 * takes Camunda's lookup of an execution's variables through an index that matches every process variable: each
 * step's queries grow with the number of running pathways (measured in docs/benchmarks.md).
 */
@Component
class DatabaseMaintenanceCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMaintenanceCheck.class);

    private final JdbcTemplate jdbc;

    DatabaseMaintenanceCheck(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenAutovacuumIsOff() {
        if (autovacuumOff()) {
            log.warn("PostgreSQL's autovacuum is off: Camunda's runtime tables will bloat and lose their statistics, "
                    + "and steps will slow down as pathways accumulate. Turn it on (autovacuum = on), or vacuum and "
                    + "analyze the act_ru_* tables on a schedule (docs/operations.md#database-maintenance)");
        }
    }

    boolean autovacuumOff() {
        try {
            String product = jdbc.execute((java.sql.Connection connection) ->
                    connection.getMetaData().getDatabaseProductName());
            return "PostgreSQL".equals(product) && "off".equals(jdbc.queryForObject("show autovacuum", String.class));
        } catch (RuntimeException notAnswered) {
            return false; // the database is checked elsewhere (health); this is advice only
        }
    }
}
