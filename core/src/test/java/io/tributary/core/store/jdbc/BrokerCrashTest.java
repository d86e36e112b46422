package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.store.SinkQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
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
        Victim victim = Victim.runUntilKilled(BrokerCrashVictim.class, dataDirectory, 3000);
        Set<Long> confirmed = victim.reported('C');
        Set<Long> ackRequested = victim.reported('R');
        Set<Long> acknowledged = victim.reported('A');
        assertTrue(acknowledged.size() > 0, "the victim acknowledged nothing");
        assertTrue(confirmed.size() - ackRequested.size() >= 1000, "too few unacknowledged messages to check");

        Set<Long> recovered = drainAfterRestart(BrokerCrashVictim.KEPT);
        recovered.addAll(drainAfterRestart(BrokerCrashVictim.CONSUMED));
        Set<Long> missing = new TreeSet<>(confirmed);
        missing.removeAll(ackRequested);
        missing.removeAll(recovered);
        assertEquals(Set.of(), missing, "confirmed messages lost by the crash");
        Set<Long> resurrected = new TreeSet<>(acknowledged);
        resurrected.retainAll(recovered);
        assertEquals(Set.of(), resurrected, "acknowledged messages back after the crash");
    }

    private Set<Long> drainAfterRestart(String queue) {
        Set<Long> recovered = new HashSet<>();
        try (Broker broker = Broker.start(BrokerConfig.builder().store(JdbcMessageStore.h2(dataDirectory)).build())) {
            long waiting = broker.addresses().find(queue).orElseThrow().messageCount();
            SinkQueue sink = new SinkQueue();
            broker.connect(new ConnectionInfo("check", null, null)).createSession()
                    .openConsumer(ConsumerSpec.on(queue), sink).addCredit(Integer.MAX_VALUE);
            for (long i = 0; i < waiting; i++) {
                Delivery d = sink.next();
                recovered.add(((Number) d.message().applicationProperty("n")).longValue());
            }
            assertEquals(null, sink.poll(Duration.ofMillis(200)));
        }
        return recovered;
    }
}
