package org.oncotwin.testing.centres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo centres in a JVM of their own, as in a real network where each centre is another machine: benchmarks can
 * then tell OncoTwin's CPU time and heap from the centres'. The child JVM runs {@link #main}, prints one line per
 * centre and stops when its standard input closes (the test JVM ended, however it ended).
 */
public final class CentresInOwnJvm implements AutoCloseable {

    private static final String CENTRE_LINE = "centre ";
    private static final String READY_LINE = "ready";

    private final Process process;
    private final Map<String, String> baseUrls;

    private CentresInOwnJvm(Process process, Map<String, String> baseUrls) {
        this.process = process;
        this.baseUrls = baseUrls;
    }

    /** Starts the centres in a new JVM on this JVM's class path; its output goes to {@code log}. */
    public static CentresInOwnJvm start(Path log, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        // failsafe passes its class path in a manifest-only jar; the real one is in this property
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(CentresInOwnJvm.class.getName());
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Map<String, String> baseUrls = new LinkedHashMap<>();
            var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            String line;
            while ((line = output.readLine()) != null && !line.equals(READY_LINE)) {
                logWriter.write(line);
                logWriter.newLine();
                if (line.startsWith(CENTRE_LINE)) {
                    String[] idAndUrl = line.substring(CENTRE_LINE.length()).split(" ", 2);
                    baseUrls.put(idAndUrl[0], idAndUrl[1]);
                }
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
            }
            logWriter.flush();
            if (!READY_LINE.equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException("The centres' JVM did not start; its output is in " + log);
            }
            copyInBackground(output, logWriter);
            return new CentresInOwnJvm(process, baseUrls);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the centres' JVM", e);
        }
    }

    private static void copyInBackground(BufferedReader output, java.io.BufferedWriter log) {
        Thread copier = new Thread(() -> {
            try (output; log) {
                String line;
                while ((line = output.readLine()) != null) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                }
            } catch (IOException ended) {
                // the centres' JVM stopped
            }
        }, "centres-jvm-log");
        copier.setDaemon(true);
        copier.start();
    }

    public Map<String, String> baseUrls() {
        return baseUrls;
    }

    /** CPU time the centres' JVM has used so far (all its threads). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** The child JVM: starts every demo centre on a free port and runs until its standard input closes. */
    public static void main(String[] args) throws IOException {
        Map<String, Integer> anyPort = new LinkedHashMap<>();
        DemoCentres.CENTRE_IDS.forEach(id -> anyPort.put(id, 0));
        DemoCentres centres = DemoCentres.start(anyPort);
        DemoCentres.CENTRE_IDS.forEach(id -> System.out.println(CENTRE_LINE + id + " " + centres.centre(id).baseUrl()));
        System.out.println(READY_LINE);
        System.out.flush();
        while (System.in.read() != -1) {
            // nothing is sent; end of input means the test JVM is gone
        }
        centres.close();
        System.exit(0);
    }
}
