package org.oncotwin.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.annotation.PreDestroy;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.oncotwin.centre.Centre;
import org.oncotwin.centre.CentreDirectory;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health component {@code centres}: whether each centre's FHIR server answers ({@code GET /metadata}), checked in
 * parallel with a short timeout and remembered for a few seconds. A centre that is down makes OncoTwin
 * {@code DEGRADED}, not down: its steps wait and retry, everything else goes on (HTTP 200; see application.yml).
 */
@Component("centres")
class CentresHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a centre's FHIR server does not answer");
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REMEMBER = Duration.ofSeconds(10);

    private final CentreDirectory centres;
    private final CentreClients clients;
    private final Clock clock;
    private final CentreWorkers checks;
    private volatile Health last;
    private volatile Instant lastAt = Instant.MIN;

    CentresHealthIndicator(CentreDirectory centres, CentreClients clients, Clock clock) {
        super("Centre reachability check failed");
        this.centres = centres;
        this.clients = clients;
        this.clock = clock;
        // twice the centres: a check still hanging until its client timeout does not hold up the next one
        this.checks = CentreWorkers.of("centre-health", 2 * centres.all().size());
    }

    @PreDestroy
    void stop() {
        checks.close();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        if (last == null || now.isAfter(lastAt.plus(REMEMBER))) {
            last = check();
            lastAt = now;
        }
        builder.status(last.getStatus()).withDetails(last.getDetails());
    }

    private Health check() {
        Map<String, CompletableFuture<String>> answers = new LinkedHashMap<>();
        for (Centre centre : centres.all()) {
            answers.put(centre.id(), CompletableFuture.supplyAsync(() -> {
                clients.call(centre.id(), "read capability statement", client -> client.capabilities()
                        .ofType(CapabilityStatement.class).execute());
                return "UP";
            }, checks));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allUp = true;
        for (var answer : answers.entrySet()) {
            String status;
            try {
                status = answer.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                answer.getValue().cancel(true);
                status = "DOWN: no answer within " + TIMEOUT.toSeconds() + " s";
            } catch (ExecutionException e) {
                status = "DOWN: " + e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = "UNKNOWN: interrupted";
            }
            allUp &= "UP".equals(status);
            details.put(answer.getKey(), status);
        }
        return Health.status(allUp ? Status.UP : DEGRADED).withDetails(details).build();
    }
}
