package org.oncotwin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The demo network writes patients only where it is switched on: never by being on the classpath. */
class DemoNetworkSwitchTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(DemoNetwork.class);

    @Test
    void withoutTheSwitchNothingOfTheDemoNetworkIsThere() {
        context.run(started -> {
            assertThat(started).doesNotHaveBean(DemoNetwork.DemoPatients.class);
            assertThat(started).doesNotHaveBean(Clock.class);
        });
    }

    @Test
    void switchedOffNothingOfTheDemoNetworkIsThere() {
        context.withPropertyValues(DemoNetwork.SWITCH + "=false").run(started ->
                assertThat(started).doesNotHaveBean(DemoNetwork.DemoPatients.class));
    }
}
