package org.oncotwin.security;

import javax.sql.DataSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A production start without a configured database fails with a clear message instead of running on in-memory H2,
 * which loses every pathway at the next restart. The demo says {@code oncotwin.security.embedded-database=true}.
 */
@Component
class DatabaseGuard implements BeanPostProcessor {

    private final Environment environment;

    DatabaseGuard(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource) {
            String url = environment.getProperty("spring.datasource.url", "");
            boolean allowed = environment.getProperty("oncotwin.security.embedded-database", Boolean.class, false);
            if (url.startsWith("jdbc:h2:mem:") && !allowed) {
                throw new BeanCreationException(beanName, "No database is configured: OncoTwin would run on an "
                        + "in-memory H2 database and lose every pathway at the next restart. Set "
                        + "SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to your PostgreSQL database, or "
                        + "ONCOTWIN_EMBEDDED_DATABASE=true for a throw-away trial.");
            }
        }
        return bean;
    }
}
