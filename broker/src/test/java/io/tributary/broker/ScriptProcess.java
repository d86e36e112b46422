package io.tributary.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A broker started through {@code bin/tributary run} (packaged jars) with its stdout and stderr in files, so that a
 * test can read them whole, last lines included, whatever the process did. Not thread-safe.
 */
final class ScriptProcess implements AutoCloseable {

    static final Path SCRIPT = Path.of("bin", "tributary").toAbsolutePath();
    private static final Pattern PORT = Pattern.compile("amqp://127\\.0\\.0\\.1:(\\d+)");

    final Process process;
    private final Path stdout;
    private final Path stderr;

    private ScriptProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs {@code bin/tributary run --amqp-port 0 --data-dir DIR/data ARGS} with {@code javaOpts} (or none). */
    static ScriptProcess run(Path dir, String javaOpts, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "run", "--amqp-port", "0", "--http-port", "0",
                "--data-dir", dir.resolve("data").toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        if (javaOpts != null) {
            b.environment().put("JAVA_OPTS", javaOpts);
        }
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        return new ScriptProcess(b.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }

    /** Waits for the start line and answers it. */
    String awaitStartLine() {
        Awaitility.await("the broker's start line").atMost(30, TimeUnit.SECONDS)
                .until(() -> !process.isAlive() || stdout().startsWith("Tributary listening on"));
        String first = stdout().lines().findFirst().orElse("");
        if (!first.startsWith("Tributary listening on")) {
            throw new AssertionError("the broker did not start: " + stdout() + stderr());
        }
        return first;
    }

    /** The AMQP port from the start line. */
    int awaitPort() {
        Matcher m = PORT.matcher(awaitStartLine());
        if (!m.find()) {
            throw new AssertionError("no port in the start line: " + stdout());
        }
        return Integer.parseInt(m.group(1));
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
