package org.oncotwin.testing;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives an OncoTwin node a clock that runs ahead by {@code oncotwin.testing.clock-shift} (an ISO-8601 duration), as
 * if it restarted that much later: {@code --context.initializer.classes=org.oncotwin.testing.ShiftedClock}.
 */
public final class ShiftedClock implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SHIFT = "oncotwin.testing.clock-shift";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Duration shift = Duration.parse(context.getEnvironment().getRequiredProperty(SHIFT));
        context.getBeanFactory().registerSingleton("shiftedClock", Clock.offset(Clock.systemUTC(), shift));
    }
}
