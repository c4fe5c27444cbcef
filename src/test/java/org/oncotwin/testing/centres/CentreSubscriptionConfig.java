package org.oncotwin.testing.centres;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.SubscriptionWebsocketHandler;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.WebsocketConnectionValidator;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.handler.PerConnectionWebSocketHandler;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * FHIR R4 Subscriptions for a centre (websocket and rest-hook channels), as the HAPI JPA starter has them with
 * {@code hapi.fhir.subscription.websocket_enabled}. HAPI's {@code WebsocketDispatcherConfig} needs a Spring MVC
 * {@code DispatcherServlet} and lets Spring pick the websocket upgrade by classpath, which would be Tomcat's (OncoTwin
 * has Tomcat): so the same handler is served here by {@link WebSocketHttpRequestHandler} with Jetty's upgrade,
 * {@link CentreServer} mapping it at {@link SubscriptionSettings#getWebsocketContextPath()} ({@code /websocket}).
 * Deliberately not a {@code @Configuration}, like {@link CentreServerConfig}.
 */
@Import({SubscriptionSubmitterConfig.class, SubscriptionProcessorConfig.class})
class CentreSubscriptionConfig {

    /** How often queued resource changes go to subscription matching: the most a notification waits for it. */
    static final long SUBMISSION_INTERVAL_MS = 500;

    @Bean
    SubscriptionSettings subscriptionSettings() {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.addSupportedSubscriptionType(SubscriptionChannelType.WEBSOCKET);
        settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
        // HAPI queues every change in the database and hands it to matching by a scheduled job, every 5 s by default
        settings.setSubscriptionIntervalInMs(SUBMISSION_INTERVAL_MS);
        return settings;
    }

    /** No e-mail channel; HAPI's delivery listener factory still wants a sender. */
    @Bean
    IEmailSender emailSender() {
        return details -> {
        };
    }

    @Bean
    WebsocketConnectionValidator websocketConnectionValidator() {
        return new WebsocketConnectionValidator();
    }

    /** HAPI's protocol: {@code bind <Subscription id>}, {@code bound <id>}, then {@code ping <id>} per match. */
    @Bean
    WebSocketHttpRequestHandler subscriptionWebsocket(ConfigurableListableBeanFactory beanFactory) {
        var handler = new PerConnectionWebSocketHandler(SubscriptionWebsocketHandler.class);
        handler.setBeanFactory(beanFactory);
        var endpoint = new WebSocketHttpRequestHandler(handler,
                new DefaultHandshakeHandler(new JettyRequestUpgradeStrategy()));
        endpoint.start();
        return endpoint;
    }
}
