package org.oncotwin.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * OncoTwin in a process of its own (the test's classpath, the demo users), on a given database and the test
 * centres: to be killed with SIGKILL and started again, or run as a second cluster node.
 */
public final class OncoTwinNode implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;

    private OncoTwinNode(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    public static OncoTwinNode start(String name, String jdbcUrl, Map<String, String> centres, Path log)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-cp", classpath(), "org.oncotwin.OncoTwinApplication",
                "--spring.main.sources=org.oncotwin.demo.DemoSetup",
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + env("ONCOTWIN_TEST_DATASOURCE_USERNAME", "postgres"),
                "--spring.datasource.password=" + env("ONCOTWIN_TEST_DATASOURCE_PASSWORD", ""),
                "--oncotwin.referrals.poll-interval=PT1S",
                // a crashed node's jobs are taken over once their lock expires (default 5 minutes)
                "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                "--camunda.bpm.job-execution.wait-time-in-millis=200",
                "--camunda.bpm.job-execution.max-wait=1000",
                "--camunda.bpm.generic-properties.properties.hostname=" + name,
                "--logging.level.org.camunda.bpm.engine.jobexecutor=warn",
                // the models once, from the build's output (a second JVM on the test classpath found them twice)
                "--camunda.bpm.deployment-resource-pattern=" + models("bpmn") + "," + models("dmn") + ","
                        + models("form")));
        centres.forEach((property, value) -> command.add("--" + property + "=" + value));
        return launch(name, command, Map.of(), port, log);
    }

    /**
     * The README's run command in a process of its own: {@code org.oncotwin.demo.TestOncoTwinApplication}, which
     * starts three demo centres on the given ports and OncoTwin on in-memory H2, with the demo network unless
     * {@code demoNetwork} is false.
     */
    public static OncoTwinNode startDemo(String name, List<Integer> centrePorts, boolean demoNetwork, Path log)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", classpath(), "org.oncotwin.demo.TestOncoTwinApplication",
                "--server.port=" + port,
                "--camunda.bpm.deployment-resource-pattern=" + models("bpmn") + "," + models("dmn") + ","
                        + models("form")));
        Map<String, String> environment = Map.of(
                "ONCOTWIN_DEMO_CENTRE_PORTS", String.join(",", centrePorts.stream().map(String::valueOf).toList()),
                "ONCOTWIN_DEMO_NETWORK", String.valueOf(demoNetwork));
        return launch(name, command, environment, port, log);
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static OncoTwinNode launch(String name, List<String> command, Map<String, String> environment, int port,
                                       Path log) throws Exception {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "== " + name + ": " + environment + " " + String.join(" ", command) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().putAll(environment);
        Process process = builder.start();
        var node = new OncoTwinNode(name, process, port);
        try {
            node.awaitHealthy(Duration.ofMinutes(3));
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * The test's classpath as a list: failsafe hands it over in a manifest-only jar, whose entries a second process
     * would otherwise see twice (and deploy every BPMN model twice).
     */
    static String classpath() {
        String classpath = System.getProperty("java.class.path");
        if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return classpath;
        }
        try (var jar = new JarFile(classpath)) {
            String entries = jar.getManifest().getMainAttributes().getValue("Class-Path");
            if (entries == null) {
                return classpath;
            }
            URL base = new File(classpath).toURI().toURL();
            var paths = new LinkedHashSet<String>();
            for (String entry : entries.trim().split("\\s+")) {
                paths.add(new File(new URL(base, entry).toURI()).getCanonicalPath());
            }
            return String.join(File.pathSeparator, paths);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test classpath from " + classpath, e);
        }
    }

    private static String models(String extension) {
        return "file:" + Path.of("target", "classes").toAbsolutePath() + "/*." + extension;
    }

    /** CPU time the node's JVM has used so far (all its threads). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    String name() {
        return name;
    }

    private void awaitHealthy(Duration patience) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("OncoTwin node " + name + " exited with " + process.exitValue());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("OncoTwin node " + name + " not healthy within " + patience);
    }

    /** SIGKILL: no shutdown hook, no transaction finished, as when the machine dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    static File logFile(String name) {
        return Path.of("target", "nodes", name + ".log").toFile();
    }
}
