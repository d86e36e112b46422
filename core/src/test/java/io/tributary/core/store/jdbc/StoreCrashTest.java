package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.store.AddressRecord;
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
 * message is there and no confirmed acknowledgement is undone; with batches that span the journal and the database,
 * each batch is there whole or not at all.
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

    @Test
    void aBatchSpanningTheJournalAndTheDatabaseIsAllOrNothingAcrossAKill() throws Exception {
        Victim victim = Victim.runUntilKilled(StoreCrashVictim.class, dataDirectory, 3000, "mixed");
        check(victim);
        Set<Long> ackRequested = victim.reported('R');
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            Set<Long> stored = new TreeSet<>();
            store.loadReferences(StoreCrashVictim.QUEUE, 0, Integer.MAX_VALUE).forEach(r -> stored.add(r.messageId()));
            Set<Long> sides = new TreeSet<>();
            for (AddressRecord a : store.loadAddresses()) {
                sides.add(Long.parseLong(a.name().substring(StoreCrashVictim.SIDE.length())));
            }
            Set<Long> messageWithoutItsAddress = new TreeSet<>(stored);
            messageWithoutItsAddress.removeAll(sides);
            assertEquals(Set.of(), messageWithoutItsAddress, "the journal part of a batch counted without its database"
                    + " part");
            Set<Long> addressWithoutItsMessage = new TreeSet<>(sides);
            addressWithoutItsMessage.removeAll(stored);
            addressWithoutItsMessage.removeAll(ackRequested); // acknowledged: the message went, the address stays
            assertEquals(Set.of(), addressWithoutItsMessage, "the database part of a batch committed without its"
                    + " journal part");
            assertTrue(victim.reported('C').size() >= 3000, "too few confirmed");
        }
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
