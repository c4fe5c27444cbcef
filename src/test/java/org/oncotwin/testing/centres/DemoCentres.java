package org.oncotwin.testing.centres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The demo centre network: one real HAPI FHIR JPA server per centre, started in parallel. */
public final class DemoCentres implements AutoCloseable {

    public static final List<String> CENTRE_IDS = List.of("leipzig", "dresden", "prague");

    private final Map<String, CentreServer> servers;

    private DemoCentres(Map<String, CentreServer> servers) {
        this.servers = servers;
    }

    /** @param ports centre id to port; 0 picks a free port */
    public static DemoCentres start(Map<String, Integer> ports) {
        ExecutorService starter = Executors.newFixedThreadPool(ports.size());
        try {
            Map<String, CompletableFuture<CentreServer>> starting = new LinkedHashMap<>();
            ports.forEach((id, port) ->
                    starting.put(id, CompletableFuture.supplyAsync(() -> CentreServer.start(id, port), starter)));
            Map<String, CentreServer> servers = new LinkedHashMap<>();
            starting.forEach((id, future) -> servers.put(id, future.join()));
            return new DemoCentres(servers);
        } finally {
            starter.shutdown();
        }
    }

    public CentreServer centre(String id) {
        CentreServer server = servers.get(id);
        if (server == null) {
            throw new IllegalArgumentException("No demo centre " + id);
        }
        return server;
    }

    /** Spring properties pointing OncoTwin at these centres. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        servers.forEach((id, server) -> properties.put("oncotwin.centres." + id + ".fhir-base-url", server.baseUrl()));
        return properties;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        servers.values().forEach(server -> {
            try {
                server.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
