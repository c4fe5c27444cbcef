package org.oncotwin.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time used so far by the PostgreSQL server on this machine (Linux {@code /proc}): every running postgres process,
 * plus what its ended backends used (the postmaster's children's time). Zero where {@code /proc} cannot tell.
 */
final class PostgresCpu {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private PostgresCpu() {
    }

    static Duration used() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                ticks += ticksOf(process);
            }
        } catch (IOException e) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (ticks / TICKS_PER_SECOND * 1e9));
    }

    private static long ticksOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int nameEnd = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
            if (!name.startsWith("postgres")) {
                return 0;
            }
            // after the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long endedChildren = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return own + endedChildren;
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile, or not ours to read
        }
    }
}
