package io.tributary.core.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link DiskFullVictim} running in another JVM on a {@link SmallDisk}, and what it reported: one thread reads its
 * output (reports and log lines, in the order they were written) into the sets below.
 *
 * <p>Thread-safe: the sets are concurrent; the reader thread is the only writer.
 */
final class DiskFullRun {

    private final Process process;
    final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    /** The error texts of rejected sends, in order. */
    final ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
    /** The numbers of the messages the consumer took. */
    final Set<Long> delivered = ConcurrentHashMap.newKeySet();
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Set<Long> ackedBeforeWarning = ConcurrentHashMap.newKeySet();
    /** After the first warning: how many acknowledgements were made at each count of committed transactions. */
    private final Map<Long, Integer> ackedAfterWarningByCommits = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstWarning = new AtomicReference<>();
    private final Thread reader;

    private DiskFullRun(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "disk-full-victim-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the victim on {@code disk} with the store's outage limit, its messages in the journal or the tables. */
    static DiskFullRun start(SmallDisk disk, long outageLimitMillis, boolean journal) throws IOException {
        List<String> command = disk.wrap(ForkedJvm.command(DiskFullVictim.class, "-Xmx256m",
                disk.dataDirectory().toString(), String.valueOf(outageLimitMillis), journal ? "journal" : "tables"));
        return new DiskFullRun(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    Process process() {
        return process;
    }

    /** The first warning or error the victim logged, waiting for the disk to fill. */
    String awaitFirstWarning() {
        await().atMost(Duration.ofSeconds(90)).until(() -> firstWarning.get() != null || !process.isAlive());
        assertTrue(firstWarning.get() != null, "the victim ended without a warning (exit " + exitValue() + ")");
        return firstWarning.get();
    }

    /**
     * The most acknowledgements made after the first warning without a store commit in between: while the store
     * cannot write, only the deliveries already made can be acknowledged.
     */
    int mostAckedWithoutACommit() {
        return ackedAfterWarningByCommits.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** How many commits the store made while the consumer acknowledged after the first warning. */
    int commitsWhileAcknowledging() {
        return ackedAfterWarningByCommits.size();
    }

    /** The messages acknowledged before the first warning. */
    Set<Long> ackedBeforeWarning() {
        return ackedBeforeWarning;
    }

    /** Stops the victim's ballast producers. */
    void calm() throws IOException {
        tell("calm");
    }

    /** Closes the victim's broker and waits for its JVM to end. */
    void stop() throws IOException, InterruptedException {
        tell("stop");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.out.println("the victim did not stop within 60 s; its threads:\n" + threadDump());
        }
        assertTrue(process.waitFor(1, TimeUnit.SECONDS), "the victim did not stop (its threads are printed above)");
        reader.join(10_000);
        assertEquals(0, process.exitValue());
    }

    /** Kills the victim (SIGKILL) if it still runs, and waits until everything it printed is read. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
    }

    /** The victim's threads, from the JDK's jcmd, for a victim that hangs. */
    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private void tell(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private String exitValue() {
        return process.isAlive() ? "running" : String.valueOf(process.exitValue());
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                take(line);
            }
        } catch (IOException e) {
            System.out.println("reading the victim's output failed: " + e);
        }
    }

    private void take(String line) {
        String[] parts = line.split(" ", 3);
        switch (parts.length > 1 && parts[0].length() == 1 ? parts[0] : "") {
            case "C" -> confirmed.add(Long.parseLong(parts[1]));
            case "F" -> rejections.add(parts.length > 2 ? parts[2] : "");
            case "D" -> delivered.add(Long.parseLong(parts[1]));
            case "A" -> {
                acked.add(Long.parseLong(parts[1]));
                if (firstWarning.get() == null) {
                    ackedBeforeWarning.add(Long.parseLong(parts[1]));
                } else {
                    ackedAfterWarningByCommits.merge(Long.parseLong(parts[2]), 1, Integer::sum);
                }
            }
            default -> {
                if (firstWarning.get() == null && (line.contains(" WARN ") || line.contains(" ERROR "))) {
                    firstWarning.set(line);
                }
                System.out.println("victim: " + line);
            }
        }
    }
}
