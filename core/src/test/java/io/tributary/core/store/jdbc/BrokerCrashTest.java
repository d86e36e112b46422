package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker in another JVM, with producers and a transacted consumer on an H2 store, killed with SIGKILL
 * mid-stream; a new broker on the same data has every confirmed message and none whose acknowledgement
 * committed.
 */
@Timeout(120)
class BrokerCrashTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsEveryConfirmedMessageAndNoAcknowledgedOneAfterAKill() throws Exception {
        killAndCheck(Victim.runUntilKilled(BrokerCrashVictim.class, dataDirectory, 3000));
    }

    @Test
    void theSameWithTheMessagesInTheJournal() throws Exception {
        killAndCheck(Victim.runUntilKilled(BrokerCrashVictim.class, dataDirectory, 3000, "journal"));
    }

    private void killAndCheck(Victim victim) {
        Set<Long> confirmed = victim.reported('C');
        Set<Long> ackRequested = victim.reported('R');
        Set<Long> acknowledged = victim.reported('A');
        assertTrue(acknowledged.size() > 0, "the victim acknowledged nothing");
        assertTrue(confirmed.size() - ackRequested.size() >= 1000, "too few unacknowledged messages to check");

        Set<Long> recovered = Victim.drainAfterRestart(dataDirectory, BrokerCrashVictim.KEPT);
        recovered.addAll(Victim.drainAfterRestart(dataDirectory, BrokerCrashVictim.CONSUMED));
        Set<Long> missing = new TreeSet<>(confirmed);
        missing.removeAll(ackRequested);
        missing.removeAll(recovered);
        assertEquals(Set.of(), missing, "confirmed messages lost by the crash");
        Set<Long> resurrected = new TreeSet<>(acknowledged);
        resurrected.retainAll(recovered);
        assertEquals(Set.of(), resurrected, "acknowledged messages back after the crash");
    }
}
