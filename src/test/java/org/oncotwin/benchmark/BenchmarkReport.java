package org.oncotwin.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

/** Prints a benchmark's figures and keeps them in {@code target/benchmarks/<name>.txt}. */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void print(String name, String figures) throws Exception {
        System.out.println();
        System.out.println(figures);
        Path file = Path.of("target", "benchmarks", name + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, figures);
    }
}
