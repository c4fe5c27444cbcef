package org.oncotwin.referral;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.oncotwin.centre.CentreProperties;
import org.oncotwin.centre.CentreProperties.Notifications;
import org.oncotwin.fhir.BusinessIdentifiers;
import org.oncotwin.fhir.CentreClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * OncoTwin's R4 Subscription at a centre (Tasks carrying OncoTwin's identifier system) and, for the websocket
 * channel, the websocket OncoTwin opens to it. A websocket notification only says that something changed: the watcher
 * then searches for what changed, as after a poll. A rest-hook notification carries the changed Task
 * ({@link CentreNotificationController}). Either way a lost notification costs latency, never a change: the safety
 * poll finds it.
 */
@Component
class TaskSubscriptions {

    static final String TAG_SYSTEM = "urn:oncotwin:subscription";
    static final String TAG_CODE = "referral-updates";
    static final String CRITERIA = "Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM + "|";
    private static final Logger log = LoggerFactory.getLogger(TaskSubscriptions.class);

    private final CentreClients clients;
    private final CentreProperties centres;
    private final CallbackAddress callback;

    TaskSubscriptions(CentreClients clients, CentreProperties centres, CallbackAddress callback) {
        this.clients = clients;
        this.centres = centres;
        this.callback = callback;
    }

    /** What a connection tells the watcher. */
    interface Listener {

        /** Bound to the subscription: catch up on what changed while not connected. */
        void connected();

        /** A Task the subscription matches changed. */
        void changed();

        void lost(String why);
    }

    /**
     * Finds OncoTwin's Subscription at the centre (by its tag, channel and endpoint) and turns it (back) on if the
     * centre switched it off or its criteria, payload or secret are outdated; creates it if there is none.
     * Idempotent: a centre holds one such Subscription per channel and endpoint; those of other OncoTwin
     * installations are left as they are.
     *
     * @return the Subscription's id at the centre
     */
    String ensure(String centreId) {
        Bundle found = clients.call(centreId, "find OncoTwin's subscription", client -> client.search()
                .forResource(Subscription.class).withTag(TAG_SYSTEM, TAG_CODE).cacheControl(CentreClients.FRESH)
                .returnBundle(Bundle.class).execute());
        Subscription wanted = wanted(centreId);
        // only the Subscription of this channel (and endpoint): another OncoTwin installation sharing the centre
        // (a staging system, another network) keeps its own
        Subscription existing = found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Subscription.class::isInstance).map(Subscription.class::cast)
                .filter(subscription -> sameChannel(subscription, wanted)).findFirst().orElse(null);
        if (existing != null && sameHeaders(existing, wanted)
                && (existing.getStatus() == SubscriptionStatus.ACTIVE
                        || existing.getStatus() == SubscriptionStatus.REQUESTED)) {
            return existing.getIdElement().getIdPart();
        }
        if (existing == null) {
            var created = clients.call(centreId, "create OncoTwin's subscription",
                    client -> client.create().resource(wanted).execute());
            log.info("Centre {}: subscription {} created for referral updates ({})", centreId,
                    created.getId().getIdPart(), wanted.getChannel().getType().toCode());
            return created.getId().getIdPart();
        }
        wanted.setId(existing.getIdElement().toUnqualifiedVersionless());
        clients.call(centreId, "turn on OncoTwin's subscription", client -> client.update().resource(wanted)
                .execute());
        log.info("Centre {}: subscription {} was {}; turned on again ({})", centreId,
                existing.getIdElement().getIdPart(),
                existing.getStatus() == null ? "without status" : existing.getStatus().toCode(),
                wanted.getChannel().getType().toCode());
        return existing.getIdElement().getIdPart();
    }

    /** The Subscription the centre's notification mode asks for: websocket, or rest-hook to OncoTwin with the Task. */
    private Subscription wanted(String centreId) {
        Subscription wanted = new Subscription().setStatus(SubscriptionStatus.REQUESTED)
                .setReason("OncoTwin: referral Tasks the centre changes").setCriteria(CRITERIA);
        wanted.getMeta().addTag(TAG_SYSTEM, TAG_CODE, "OncoTwin referral updates");
        var entry = centres.centres().get(centreId);
        if (entry.notifications() == Notifications.REST_HOOK) {
            if (entry.notificationSecret() == null || entry.notificationSecret().isBlank()) {
                throw new IllegalStateException("Centre " + centreId + " is on rest-hook but has no "
                        + "oncotwin.centres." + centreId + ".notification-secret");
            }
            wanted.getChannel().setType(SubscriptionChannelType.RESTHOOK).setPayload("application/fhir+json")
                    .setEndpoint(callback.endpointFor(centreId))
                    .addHeader("Authorization: Bearer " + entry.notificationSecret());
        } else {
            wanted.getChannel().setType(SubscriptionChannelType.WEBSOCKET).setPayload("application/fhir+json");
        }
        return wanted;
    }

    /** The same kind of channel to the same place (criteria, payload and headers may be brought up to date). */
    private static boolean sameChannel(Subscription existing, Subscription wanted) {
        var have = existing.getChannel();
        var want = wanted.getChannel();
        return have.getType() == want.getType() && Objects.equals(have.getEndpoint(), want.getEndpoint());
    }

    private static boolean sameHeaders(Subscription existing, Subscription wanted) {
        var have = existing.getChannel();
        var want = wanted.getChannel();
        return CRITERIA.equals(existing.getCriteria()) && Objects.equals(have.getPayload(), want.getPayload())
                && have.getHeader().stream().map(h -> h.getValue()).toList()
                        .equals(want.getHeader().stream().map(h -> h.getValue()).toList());
    }

    /** Opens the websocket and binds it to the subscription; the listener hears the rest. */
    Connection connect(String centreId, String subscriptionId, Listener listener) {
        URI uri = websocketUri(centreId);
        var socket = new SocketListener(centreId, subscriptionId, listener);
        var opened = clients.openWebSocket(centreId, uri, socket);
        opened.whenComplete((ws, failure) -> {
            if (failure != null) {
                listener.lost("cannot open " + uri + ": " + failure.getMessage());
            }
        });
        return new Connection(opened.thenCompose(ws -> ws.sendText("bind " + subscriptionId, true)));
    }

    URI websocketUri(String centreId) {
        var entry = centres.centres().get(centreId);
        if (entry.websocketUrl() != null && !entry.websocketUrl().isBlank()) {
            return URI.create(entry.websocketUrl());
        }
        URI base = URI.create(entry.fhirBaseUrl());
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + "/websocket");
    }

    /** An open (or opening) websocket to a centre. */
    static final class Connection {

        private final CompletableFuture<WebSocket> socket;

        Connection(CompletableFuture<WebSocket> socket) {
            this.socket = socket;
        }

        /** Keeps idle connections through proxies and firewalls alive; a dead one fails here. */
        void keepAlive() {
            socket.thenCompose(ws -> ws.sendPing(ByteBuffer.allocate(0)));
        }

        void close() {
            socket.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort()));
            socket.cancel(true);
        }
    }

    private static final class SocketListener implements WebSocket.Listener {

        private final String centreId;
        private final String subscriptionId;
        private final Listener listener;
        private final StringBuilder text = new StringBuilder();

        SocketListener(String centreId, String subscriptionId, Listener listener) {
            this.centreId = centreId;
            this.subscriptionId = subscriptionId;
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString().trim();
                text.setLength(0);
                if (message.startsWith("ping ")) {
                    listener.changed();
                } else if (message.equals("bound " + subscriptionId)) {
                    log.info("Centre {}: listening to subscription {}", centreId, subscriptionId);
                    listener.connected();
                } else {
                    listener.lost("the centre answered '" + abbreviate(message) + "'");
                    socket.abort();
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            listener.lost("closed by the centre (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            listener.lost(error.toString());
        }

        private static String abbreviate(String message) {
            return message.length() > 200 ? message.substring(0, 200) + "…" : message;
        }
    }
}
