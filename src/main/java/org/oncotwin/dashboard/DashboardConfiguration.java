package org.oncotwin.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.oncotwin.OncoTwinTables;
import org.oncotwin.centre.CareStepKinds;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The dashboard's read model: its tables (see OncoTwinTables) and the engine plugin that feeds it. */
@Configuration
@EnableConfigurationProperties(DashboardProperties.class)
class DashboardConfiguration {

    @Bean
    PathwayReadModel pathwayReadModel(OncoTwinTables tables, JdbcTemplate jdbc, CareStepKinds kinds) {
        return new PathwayReadModel(jdbc, kinds);
    }

    @Bean
    DashboardQueries dashboardQueries(NamedParameterJdbcTemplate jdbc, DashboardProperties properties, Clock clock) {
        return new DashboardQueries(jdbc, properties, clock);
    }

    @Bean
    PathwayMetrics pathwayMetrics(JdbcTemplate jdbc, @Lazy RuntimeService runtime) {
        return new PathwayMetrics(jdbc, runtime);
    }

    /** Registers the read model's history event handler next to the engine's own (which writes ACT_HI_*). */
    @Bean
    ProcessEnginePlugin readModelPlugin(PathwayReadModel readModel, PathwayMetrics metrics) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                var handlers = new ArrayList<>(configuration.getCustomHistoryEventHandlers() == null
                        ? List.of() : configuration.getCustomHistoryEventHandlers());
                handlers.add(new ReadModelHistoryEventHandler(readModel, metrics, configuration::getRuntimeService));
                configuration.setCustomHistoryEventHandlers(handlers);
            }
        };
    }

}
