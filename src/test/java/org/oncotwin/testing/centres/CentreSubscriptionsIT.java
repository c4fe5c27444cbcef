package org.oncotwin.testing.centres;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oncotwin.fhir.BusinessIdentifiers;

/**
 * A test centre supports FHIR R4 Subscriptions with the websocket channel: HAPI pings a bound websocket for every
 * change of a Task with an OncoTwin pathway identifier, and for nothing else.
 */
class CentreSubscriptionsIT {

    static final String CRITERIA = "Task?identifier=" + BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM + "|";

    static CentreServer centre;
    static IGenericClient fhir;

    @BeforeAll
    static void startCentre() {
        centre = CentreServer.start("subscriptions-it", 0);
        fhir = FhirContext.forR4Cached().newRestfulGenericClient(centre.baseUrl());
    }

    @AfterAll
    static void stopCentre() {
        if (centre != null) {
            centre.close();
        }
    }

    @Test
    void websocketPingsForEachChangeOfAMatchingTask() throws Exception {
        var subscription = new Subscription();
        subscription.setStatus(SubscriptionStatus.REQUESTED);
        subscription.setReason("OncoTwin referral updates");
        subscription.setCriteria(CRITERIA);
        subscription.getChannel().setType(SubscriptionChannelType.WEBSOCKET).setPayload("application/fhir+json");
        String subscriptionId = fhir.create().resource(subscription).execute().getId().getIdPart();

        long created = System.nanoTime();
        Subscription stored = null;
        while (System.nanoTime() - created < TimeUnit.SECONDS.toNanos(30)) {
            stored = fhir.read().resource(Subscription.class).withId(subscriptionId).execute();
            if (stored.getStatus() != SubscriptionStatus.REQUESTED) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(stored.getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
        System.out.printf("Subscription/%s active %d ms after its creation; matching: %s%n", subscriptionId,
                millisSince(created), stored.getMeta().getTag().stream()
                        .map(tag -> tag.getSystem() + "|" + tag.getCode()).toList());

        assertThat(centre.websocketUrl()).endsWith("/websocket");
        var messages = new LinkedBlockingQueue<String>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(centre.websocketUrl()), new Collecting(messages))
                .get(10, TimeUnit.SECONDS);
        try {
            bind(socket, messages, subscriptionId);

            var task = new Task();
            task.addIdentifier().setSystem(BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM).setValue("twin-1/pi-1/refer/task");
            task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
            long changed = System.nanoTime();
            task.setId(fhir.create().resource(task).execute().getId().toUnqualifiedVersionless());
            assertPing(messages, subscriptionId, changed, "create");

            task.setStatus(Task.TaskStatus.INPROGRESS);
            changed = System.nanoTime();
            fhir.update().resource(task).execute();
            assertPing(messages, subscriptionId, changed, "status update");

            var unrelated = new Task();
            unrelated.addIdentifier().setSystem("urn:example:other").setValue("x");
            unrelated.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
            fhir.create().resource(unrelated).execute();
            var bare = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
            fhir.create().resource(bare).execute();
            assertThat(messages.poll(3, TimeUnit.SECONDS)).as("message for Tasks without the identifier").isNull();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }

        // after an outage of the centre, a new websocket binds again
        centre.stopListening();
        centre.resumeListening();
        var again = new LinkedBlockingQueue<String>();
        WebSocket resumed = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(centre.websocketUrl()), new Collecting(again))
                .get(10, TimeUnit.SECONDS);
        try {
            bind(resumed, again, subscriptionId);
        } finally {
            resumed.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        fhir.delete().resourceById("Subscription", subscriptionId).execute();
    }

    @Test
    void restHookPutsEachMatchingTaskToTheEndpoint() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try {
            var subscription = new Subscription();
            subscription.setStatus(SubscriptionStatus.REQUESTED);
            subscription.setReason("OncoTwin referral updates");
            subscription.setCriteria(CRITERIA);
            subscription.getChannel().setType(SubscriptionChannelType.RESTHOOK)
                    .setEndpoint("http://localhost:" + hook.getAddress().getPort() + "/hook")
                    .setPayload("application/fhir+json");
            String subscriptionId = fhir.create().resource(subscription).execute().getId().getIdPart();
            long created = System.nanoTime();
            while (fhir.read().resource(Subscription.class).withId(subscriptionId).execute().getStatus()
                    == SubscriptionStatus.REQUESTED && System.nanoTime() - created < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(50);
            }

            var task = new Task();
            task.addIdentifier().setSystem(BusinessIdentifiers.PATHWAY_RESOURCE_SYSTEM).setValue("twin-2/pi-2/refer/task");
            task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
            String taskId = fhir.create().resource(task).execute().getId().getIdPart();
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("PUT /hook/Task/" + taskId);
            fhir.delete().resourceById("Subscription", subscriptionId).execute();
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aCentreCanStartWithoutSubscriptions() {
        try (CentreServer plain = CentreServer.start("subscriptions-off-it", 0, false)) {
            assertThat(plain.websocketUrl()).isNull();
            var subscription = new Subscription();
            subscription.setStatus(SubscriptionStatus.REQUESTED);
            subscription.setCriteria(CRITERIA);
            subscription.getChannel().setType(SubscriptionChannelType.WEBSOCKET);
            IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(plain.baseUrl());
            String id = client.create().resource(subscription).execute().getId().getIdPart();
            assertThat(client.read().resource(Subscription.class).withId(id).execute().getStatus())
                    .isEqualTo(SubscriptionStatus.REQUESTED);
        }
    }

    private static void bind(WebSocket socket, BlockingQueue<String> messages, String subscriptionId)
            throws Exception {
        socket.sendText("bind " + subscriptionId, true).get(5, TimeUnit.SECONDS);
        assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("bound " + subscriptionId);
    }

    private static void assertPing(BlockingQueue<String> messages, String subscriptionId, long changed, String what)
            throws InterruptedException {
        String message = messages.poll(20, TimeUnit.SECONDS);
        assertThat(message).as("websocket message after the " + what).isNotNull();
        System.out.printf("%s -> %s after %d ms%n", what, message.lines().findFirst().orElse(""), millisSince(changed));
        assertThat(message.lines().findFirst()).hasValue("ping " + subscriptionId);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    /** Collects whole text messages. */
    private record Collecting(BlockingQueue<String> messages, StringBuilder partial) implements WebSocket.Listener {

        Collecting(BlockingQueue<String> messages) {
            this(messages, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
