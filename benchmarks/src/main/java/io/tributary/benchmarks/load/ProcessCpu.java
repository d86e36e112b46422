package io.tributary.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used so far by a process, all its threads, user plus system: {@code utime + stime} of
 * {@code /proc/PID/stat} in clock ticks, where Linux has it; {@link ProcessHandle.Info#totalCpuDuration} elsewhere.
 *
 * <p>Resolution is one clock tick (10 ms at the usual 100 ticks per second), so a workload should run for seconds.
 * Stateless and thread-safe.
 */
final class ProcessCpu {

    /** USER_HZ, the unit of /proc's times; 100 on every mainstream Linux build, as {@code getconf CLK_TCK} says. */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU seconds used by the process so far, or NaN when neither /proc nor the JDK can tell. */
    static double cpuSeconds(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isReadable(stat)) {
            try {
                return ticksOf(Files.readString(stat, StandardCharsets.US_ASCII)) / (double) TICKS_PER_SECOND;
            } catch (IOException | IllegalArgumentException e) {
                return Double.NaN;
            }
        }
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos).map(nanos -> nanos / 1e9).orElse(Double.NaN);
    }

    /**
     * utime + stime (fields 14 and 15) of one {@code /proc/PID/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses itself, so fields are counted after its last ')'.
     */
    static long ticksOf(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and field 15 (stime) is fields[12]
        if (fields.length < 13) {
            throw new IllegalArgumentException("a /proc/PID/stat line with " + fields.length + " fields after ')'");
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
