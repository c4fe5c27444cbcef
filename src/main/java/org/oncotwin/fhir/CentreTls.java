package org.oncotwin.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.oncotwin.centre.CentreProperties.Tls;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

/** Mutual TLS to a centre: its own SSL context, HTTP client and FHIR client factory (timeouts and pool as for all). */
final class CentreTls {

    private CentreTls() {
    }

    static SSLContext sslContext(String centreId, Tls tls) {
        try {
            KeyManagerFactory keys = null;
            if (tls.keyStore() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(tls.keyStore(), tls.keyStorePassword()), password(tls.keyStorePassword()));
            }
            TrustManagerFactory trust = null;
            if (tls.trustStore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(tls.trustStore(), tls.trustStorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Centre " + centreId + ": cannot set up TLS from its key and trust "
                    + "stores: " + e.getMessage(), e);
        }
    }

    static ApacheRestfulClientFactory clientFactory(FhirContext fhirContext, FhirProperties properties,
                                                    SSLContext tls) {
        HttpClient httpClient = httpClient(properties, tls);
        // HAPI builds each request with the HTTP client of the FhirContext's factory: a centre with its own TLS setup
        // needs a FhirContext of its own (built once per such centre)
        FhirContext centreContext = new FhirContext(fhirContext.getVersion().getVersion());
        var factory = new ApacheRestfulClientFactory(centreContext);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(httpClient); // last: the factory's setters drop a client set before them
        centreContext.setRestfulClientFactory(factory);
        return factory;
    }

    /** The HTTP client for a centre's token endpoint: with the centre's TLS setup, if it has one. */
    /**
     * The HTTP client of the centres' FHIR calls: pooled, with timeouts, without cookies, and without following
     * redirects, which would carry OncoTwin's credentials (copied headers) to wherever a server points.
     *
     * @param tls the centre's TLS setup, or null for the JVM's defaults
     */
    static HttpClient httpClient(FhirProperties properties, SSLContext tls) {
        var pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("https", tls == null ? SSLConnectionSocketFactory.getSocketFactory()
                                : new SSLConnectionSocketFactory(tls))
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .build(), null, null, null, 5000, TimeUnit.MILLISECONDS);
        pool.setMaxTotal(tls == null ? properties.poolMaxTotal() : properties.poolMaxPerCentre());
        pool.setDefaultMaxPerRoute(properties.poolMaxPerCentre());
        var requests = RequestConfig.custom()
                .setConnectTimeout((int) properties.connectTimeout().toMillis())
                .setConnectionRequestTimeout((int) properties.connectTimeout().toMillis())
                .setSocketTimeout((int) properties.socketTimeout().toMillis()).build();
        return HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(requests)
                .disableCookieManagement().disableRedirectHandling().build();
    }

    static java.net.http.HttpClient tokenClient(SSLContext tls, FhirProperties properties) {
        var builder = java.net.http.HttpClient.newBuilder().connectTimeout(properties.connectTimeout());
        return tls == null ? builder.build() : builder.sslContext(tls).build();
    }

    private static KeyStore load(String file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password(password));
        }
        return store;
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
