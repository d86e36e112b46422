package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging with a small heap: a JVM with -Xmx256m sends a durable backlog of 1.2 GiB (19,661 messages of 64 KiB,
 * four producers) through the engine into one queue with the default 64 MiB memory budget, then drains it in
 * each producer's order (see {@link BigBacklog}).
 */
@Timeout(300)
class BigBacklogTest {

    @TempDir
    Path dataDirectory;

    @Test
    void sendsAndDrainsABacklogFiveTimesTheHeapInOrder() throws Exception {
        List<String> command = new ArrayList<>(ForkedJvm.command(BigBacklog.class, "-Xmx256m",
                dataDirectory.toString(), "19661", "65536", "4"));
        command.add(1, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the backlog JVM did not stop");
        System.out.println(output);

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("SENT 19661 messages (1228 MiB)"), output);
        assertTrue(output.contains("DRAINED 19661 messages"), output);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("OK")), output);
    }
}
