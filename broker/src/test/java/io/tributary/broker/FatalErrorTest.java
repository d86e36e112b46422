package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What stops the server process: an out-of-memory error on any thread, and a stop that does not finish in time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FatalErrorTest {

    @Test
    void anOutOfMemoryErrorOnAnyThreadStopsTheProcessWithStatusThreeAndALineSayingWhy() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FatalErrorVictim.class.getName())).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM does not linger after an out-of-memory error");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(Main.FATAL_ERROR, p.exitValue(), err);
            assertTrue(ScriptProcess.lastLine(err).startsWith("tributary: out of memory in thread victim-worker"
                    + " (java.lang.OutOfMemoryError: Java heap space (thrown by the test)); stopping with status 3"),
                    err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void otherUncaughtExceptionsArePrintedAndDoNotStopTheProcess() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        FatalErrorHandler handler = new FatalErrorHandler(new PrintStream(out, true, StandardCharsets.UTF_8),
                halted::complete);
        handler.uncaughtException(new Thread("worker"), new IllegalStateException("a bug"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Exception in thread \"worker\""
                + " java.lang.IllegalStateException: a bug"), out.toString(StandardCharsets.UTF_8));
        assertTrue(!halted.isDone());
        handler.uncaughtException(new Thread("worker"), new StackOverflowError());
        assertEquals(Main.FATAL_ERROR, halted.join());
    }

    @Test
    void aStopThatDoesNotFinishWithinItsGraceHaltsTheProcessWithALineSayingWhy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        StopWatchdog watchdog = StopWatchdog.start(Duration.ofMillis(200),
                new PrintStream(out, true, StandardCharsets.UTF_8), halted::complete);
        watchdog.stopping();
        assertEquals(Main.STOP_TIMEOUT, halted.orTimeout(10, TimeUnit.SECONDS).join());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("tributary: the broker did not stop within 200 ms;"
                + " halting with status 4"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStopThatFinishesInTimeDoesNotHalt() {
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        StopWatchdog watchdog = StopWatchdog.start(Duration.ofMillis(200), System.err, halted::complete);
        watchdog.stopping();
        watchdog.stopped();
        Awaitility.await().during(600, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                .until(() -> !halted.isDone());
    }
}
