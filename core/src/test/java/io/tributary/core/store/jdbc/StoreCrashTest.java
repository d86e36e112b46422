package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.store.StoredReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
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
        check(Victim.runUntilKilled(StoreCrashVictim.class, dataDirectory, 3000));
    }

    @Test
    void theSameWithTheMessagesInTheJournal() throws Exception {
        check(Victim.runUntilKilled(StoreCrashVictim.class, dataDirectory, 3000, "journal"));
    }

    private void check(Victim victim) {
        Set<Long> confirmed = victim.reported('C');
        Set<Long> ackRequested = victim.reported('R');
        Set<Long> acknowledged = victim.reported('A');

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
