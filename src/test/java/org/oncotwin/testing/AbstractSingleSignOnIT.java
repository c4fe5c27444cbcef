package org.oncotwin.testing;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OncoTwin with single sign-on at the {@link TestOpenIdProvider}, otherwise as every integration test runs it: one
 * Spring context for all single sign-on tests. Tagged {@value #TAG}: failsafe runs these tests in a JVM of their own,
 * because Camunda's web apps and REST API find their engine by name in a JVM-wide registry, which a second OncoTwin
 * context in the same JVM would take from the first.
 */
@Tag(AbstractSingleSignOnIT.TAG)
public abstract class AbstractSingleSignOnIT extends AbstractPathwayIT {

    public static final String TAG = "single-sign-on";

    @DynamicPropertySource
    static void openIdProvider(DynamicPropertyRegistry registry) {
        provider().properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    protected static TestOpenIdProvider provider() {
        return TestOpenIdProvider.get();
    }

    /** OncoTwin's HTTP API, called with this bearer token. */
    protected TestRestTemplate withToken(String token) {
        return new TestRestTemplate(new RestTemplateBuilder()
                .uriTemplateHandler(http.getRestTemplate().getUriTemplateHandler())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    /** OncoTwin's HTTP API, called with an access token of this system. */
    protected TestRestTemplate asSystem(String system) {
        return withToken(provider().accessToken(system));
    }
}
