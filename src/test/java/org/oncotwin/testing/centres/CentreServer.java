package org.oncotwin.testing.centres;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * A real HAPI FHIR JPA server for one centre, with its own database and base URL, in this JVM. Stop and start it to
 * simulate an outage; its data survives a restart on the same port. Unless started without, it supports FHIR R4
 * Subscriptions with the websocket channel at {@link #websocketUrl()} (HAPI's protocol: send {@code bind <id>}, get
 * {@code bound <id>}, then {@code ping <id>} per matching change) and the rest-hook channel.
 */
public final class CentreServer implements AutoCloseable {

    /** How long a subscription websocket may be silent before the centre closes it. */
    public static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final String centreId;
    private final AnnotationConfigApplicationContext spring;
    private final CentreFaults faults;
    private final ServletHolder servlet;
    private final WebSocketHttpRequestHandler websocket;
    private final String websocketPath;
    private Server jetty;
    private int port;
    private CentreGuard guard;
    private TlsStores tls;
    private int tlsPort;

    /** The key store of the centre's TLS connector and the trust store of the clients it accepts (PKCS#12). */
    public record TlsStores(Path keyStore, Path clientTrustStore, String password) {
    }

    private CentreServer(String centreId, AnnotationConfigApplicationContext spring) {
        this.centreId = centreId;
        this.spring = spring;
        this.faults = spring.getBean(CentreFaults.class);
        this.servlet = new ServletHolder(spring.getBean(RestfulServer.class));
        this.websocket = spring.getBeanProvider(WebSocketHttpRequestHandler.class).getIfAvailable();
        this.websocketPath = websocket == null ? null
                : spring.getBean(SubscriptionSettings.class).getWebsocketContextPath();
    }

    /** Starts the centre, with subscriptions, on the given port (0: any free port). */
    public static CentreServer start(String centreId, int port) {
        return start(centreId, port, true);
    }

    /** Starts the centre on the given port (0: any free port), with FHIR Subscriptions or without. */
    public static CentreServer start(String centreId, int port, boolean subscriptions) {
        CentreServer server = new CentreServer(centreId, newContext(centreId, subscriptions));
        server.listen(port);
        return server;
    }

    private static AnnotationConfigApplicationContext newContext(String centreId, boolean subscriptions) {
        var spring = new AnnotationConfigApplicationContext();
        spring.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("centre", Map.of("centre.id", centreId)));
        spring.register(CentreServerConfig.class);
        if (subscriptions) {
            spring.register(CentreSubscriptionConfig.class);
        }
        spring.refresh();
        return spring;
    }

    /**
     * A centre that can demand credentials ({@link CentreGuard}) and that also answers on a TLS port which demands a
     * client certificate the trust store holds (mutual TLS).
     */
    public static CentreServer startGuarded(String centreId, CentreGuard guard, TlsStores tls) {
        CentreServer server = new CentreServer(centreId, newContext(centreId, true));
        server.guard = guard;
        server.tls = tls;
        server.listen(0);
        return server;
    }

    /** The mutual-TLS base URL of a guarded centre. */
    public String tlsBaseUrl() {
        return "https://localhost:" + tlsPort + "/fhir";
    }

    public String tokenUrl() {
        return "http://localhost:" + port + "/fhir/token";
    }

    public String centreId() {
        return centreId;
    }

    public String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    /**
     * The websocket endpoint of the centre's FHIR Subscriptions ({@code ws://localhost:<port>/websocket}), or null when
     * the centre was started without subscriptions.
     */
    public String websocketUrl() {
        return websocket == null ? null : "ws://localhost:" + port + websocketPath;
    }

    public CentreFaults faults() {
        return faults;
    }

    /** Adds a HAPI server interceptor to the centre's FHIR endpoint, e.g. one that counts requests (benchmarks). */
    public void registerInterceptor(Object interceptor) {
        spring.getBean(RestfulServer.class).registerInterceptor(interceptor);
    }

    public void unregisterInterceptor(Object interceptor) {
        spring.getBean(RestfulServer.class).unregisterInterceptor(interceptor);
    }

    /** Stops answering on the port (the centre is down); its data stays. */
    public synchronized void stopListening() {
        try {
            if (jetty != null) {
                jetty.stop();
                jetty = null;
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop centre " + centreId, e);
        }
    }

    /** Answers again on the same port as before. */
    public synchronized void resumeListening() {
        if (jetty == null) {
            listen(port);
        }
    }

    private synchronized void listen(int requestedPort) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(requestedPort);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        ServerConnector tlsConnector = null;
        if (tls != null) {
            var ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(tls.password());
            ssl.setKeyStoreType("PKCS12");
            ssl.setTrustStorePath(tls.clientTrustStore().toString());
            ssl.setTrustStorePassword(tls.password());
            ssl.setTrustStoreType("PKCS12");
            ssl.setNeedClientAuth(true);
            var https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer());
            tlsConnector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
            tlsConnector.setPort(tlsPort);
            server.addConnector(tlsConnector);
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(servlet, "/fhir/*");
        if (websocket != null) {
            // Jetty closes a websocket idle for 30 s by default; Tomcat (a HAPI starter's usual server) never does
            JettyWebSocketServletContainerInitializer.configure(context,
                    (servletContext, container) -> container.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT));
            context.addServlet(new ServletHolder(new WebsocketServlet(websocket)), websocketPath);
        }
        if (guard != null) {
            context.addFilter(new FilterHolder(guard), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start centre " + centreId + " on port " + requestedPort, e);
        }
        this.jetty = server;
        this.port = connector.getLocalPort();
        if (tlsConnector != null) {
            this.tlsPort = tlsConnector.getLocalPort();
        }
    }

    /** Hands the HTTP upgrade request at the websocket path to HAPI's subscription websocket handler. */
    private static final class WebsocketServlet extends HttpServlet {

        private final transient WebSocketHttpRequestHandler handler;

        WebsocketServlet(WebSocketHttpRequestHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            handler.handleRequest(request, response);
        }
    }

    @Override
    public synchronized void close() {
        stopListening();
        spring.close();
    }
}
