package org.oncotwin.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Pathway metrics for Prometheus ({@code /actuator/prometheus}): pathways started and finished (counted when the
 * engine's transaction commits, so a retried step counts once), and, read at each scrape, active pathways, overdue
 * referrals (from the read model) and open incidents.
 */
class PathwayMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private MeterRegistry registry;

    PathwayMetrics(JdbcTemplate jdbc, RuntimeService runtime) {
        this.jdbc = jdbc;
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("oncotwin.pathways.active", () -> count("select count(*) from ot_pathway where ended_at is null"))
                .description("pathways running now").register(registry);
        Gauge.builder("oncotwin.referrals.overdue", () -> count("select count(*) from ot_referral "
                        + "where status in ('requested', 'received') and due_at < current_timestamp"))
                .description("referrals past their answer deadline").register(registry);
        Gauge.builder("oncotwin.incidents.open", () -> runtime.createIncidentQuery().count())
                .description("incidents open in the engine (failed FHIR updates and others)").register(registry);
    }

    void started(String model) {
        afterCommit(() -> registry.counter("oncotwin.pathways.started", "model", model).increment());
    }

    void finished(String model, String outcome) {
        afterCommit(() -> registry.counter("oncotwin.pathways.finished", "model", model, "outcome", outcome)
                .increment());
    }

    private void afterCommit(Runnable count) {
        if (registry == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
