package org.oncotwin.pathway;

import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The in-memory engine and the {@link PathwayModels} harness shared by the process tests. */
abstract class PathwayProcessTestBase {

    @RegisterExtension
    ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda-unit.cfg.xml").build();

    PathwayModels models;

    @BeforeEach
    void registerDelegates() {
        models = new PathwayModels(engine.getProcessEngine());
    }

    @AfterEach
    void resetDelegates() {
        Mocks.reset();
    }
}
