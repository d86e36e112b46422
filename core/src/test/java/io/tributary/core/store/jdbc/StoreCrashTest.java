package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.store.StoredReference;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that writes into an H2 store with SIGKILL mid-stream and opens the store again: every confirmed
 * message is there and no confirmed acknowledgement is undone.
 */
@Timeout(120)
class StoreCrashTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsEveryConfirmedWriteOfAKilledProcess() throws Exception {
        Set<Long> confirmed = new HashSet<>();
        Set<Long> ackRequested = new HashSet<>();
        Set<Long> acknowledged = new HashSet<>();
        Process victim = new ProcessBuilder(ForkedJvm.command(StoreCrashVictim.class, "-Xmx256m",
                dataDirectory.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("C ")) {
                    confirmed.add(Long.parseLong(line.substring(2)));
                } else if (line.startsWith("R ")) {
                    ackRequested.add(Long.parseLong(line.substring(2)));
                } else if (line.startsWith("A ")) {
                    acknowledged.add(Long.parseLong(line.substring(2)));
                }
                if (confirmed.size() == 3000) {
                    // SIGKILL through the handle: unlike Process.destroyForcibly it leaves the pipe open, so
                    // every line printed before the kill is still read.
                    victim.toHandle().destroyForcibly();
                }
            }
        } finally {
            victim.destroyForcibly();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(confirmed.size() >= 3000, "the victim confirmed only " + confirmed.size() + " messages");

        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            Set<Long> stored = new TreeSet<>();
            for (StoredReference r : store.loadReferences(StoreCrashVictim.QUEUE, 0, Integer.MAX_VALUE)) {
                stored.add(r.messageId());
                assertEquals("message " + r.messageId(), new String(r.encoded(), StandardCharsets.UTF_8));
            }
            Set<Long> missing = new TreeSet<>(confirmed);
            missing.removeAll(ackRequested);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "confirmed messages lost by the crash");
            Set<Long> resurrected = new TreeSet<>(acknowledged);
            resurrected.retainAll(stored);
            assertEquals(Set.of(), resurrected, "acknowledged messages back after the crash");
        }
    }
}
