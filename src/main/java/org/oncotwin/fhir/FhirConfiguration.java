package org.oncotwin.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FhirConfiguration {

    /** The one FhirContext of the application: expensive to build, thread-safe once built. */
    @Bean
    FhirContext fhirContext(FhirProperties properties) {
        FhirContext context = FhirContext.forR4();
        IRestfulClientFactory clients = context.getRestfulClientFactory();
        // Centres are known FHIR R4 servers; fetching /metadata before every first call only costs a round trip.
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) properties.connectTimeout().toMillis());
        clients.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
        clients.setSocketTimeout((int) properties.socketTimeout().toMillis());
        clients.setPoolMaxPerRoute(properties.poolMaxPerCentre());
        clients.setPoolMaxTotal(properties.poolMaxTotal());
        // last: the factory's setters drop a client set before them
        ((ApacheRestfulClientFactory) clients).setHttpClient(CentreTls.httpClient(properties, null));
        return context;
    }
}
