package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A disk that really fills up under a forked broker. Where the test may mount file systems (root), it is a tmpfs of
 * {@code room} plus a reserve file of {@link #RESERVE_BYTES}: H2 fails with {@code No space left on device}, and
 * deleting the reserve frees space. Elsewhere the forked JVM runs under a file size limit of {@code room}
 * ({@code prlimit --fsize}, what {@code ulimit -f} sets; HotSpot ignores SIGXFSZ, so writes fail with
 * {@code File too large}), and raising the limit of the running process frees it. Which one is used is printed, so
 * that a run never silently tests less than it says.
 *
 * <p>Not thread-safe: one test uses it.
 */
final class SmallDisk implements AutoCloseable {

    static final long RESERVE_BYTES = 8L * 1024 * 1024;
    /** Set this system property to {@code ulimit} to test the fallback where mounting works too. */
    static final String FORCE_LIMIT = "tributary.small-disk";

    private final Path root;
    private final long room;
    private final boolean mounted;

    private SmallDisk(Path root, long room, boolean mounted) {
        this.root = root;
        this.room = room;
        this.mounted = mounted;
    }

    /** A disk with {@code room} bytes for the broker's data, in a new temporary directory. */
    static SmallDisk create(long room) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("tributary-small-disk");
        String size = (room + RESERVE_BYTES) / 1024 + "k";
        String failure = "ulimit".equals(System.getProperty(FORCE_LIMIT)) ? FORCE_LIMIT + "=ulimit is set"
                : run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", root.toString()));
        SmallDisk disk = new SmallDisk(root, room, failure == null);
        if (failure == null) {
            try (OutputStream out = Files.newOutputStream(root.resolve("reserve"))) {
                byte[] block = new byte[1024 * 1024];
                for (long written = 0; written < RESERVE_BYTES; written += block.length) {
                    out.write(block);
                }
            }
            System.out.println("small disk: a tmpfs of " + size + " mounted at " + root + ", " + RESERVE_BYTES
                    + " bytes of it a reserve file deleted to free space");
        } else {
            assertEquals(null, run(List.of("prlimit", "--version")),
                    "cannot mount a tmpfs (" + failure + ") and prlimit (util-linux) is missing for the fallback");
            System.out.println("small disk: cannot mount a tmpfs here (" + failure + "); the forked broker runs"
                    + " under a file size limit of " + room + " bytes instead (prlimit --fsize, like ulimit -f),"
                    + " raised to free space");
        }
        Files.createDirectories(disk.dataDirectory());
        return disk;
    }

    /** Where the broker keeps its data. */
    Path dataDirectory() {
        return root.resolve("data");
    }

    /** The operating system's words when the disk is full. */
    String fullText() {
        return mounted ? "No space left on device" : "File too large";
    }

    /** {@code command} as run on this disk (under the file size limit when there is no tmpfs). */
    List<String> wrap(List<String> command) {
        if (mounted) {
            return command;
        }
        List<String> limited = new ArrayList<>(List.of("prlimit", "--fsize=" + room + ":"));
        limited.addAll(command);
        return limited;
    }

    /**
     * Frees space for {@code broker}, a process started with {@link #wrap}, or for whoever comes next when it is
     * null (the file size limit ends with its process).
     */
    void free(Process broker) throws IOException, InterruptedException {
        if (mounted) {
            Files.delete(root.resolve("reserve"));
        } else if (broker != null) {
            assertEquals(null, run(List.of("prlimit", "--pid", String.valueOf(broker.pid()), "--fsize=unlimited:")));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            assertEquals(null, run(List.of("umount", root.toString())));
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs a command; answers null when it succeeded, else what it printed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + out + " (exit " + p.exitValue() + ")";
    }
}
