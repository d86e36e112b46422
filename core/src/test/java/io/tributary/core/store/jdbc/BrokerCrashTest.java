package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.store.SinkQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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
        Set<Long> confirmed = new HashSet<>();
        Set<Long> ackRequested = new HashSet<>();
        Set<Long> acknowledged = new HashSet<>();
        Process victim = new ProcessBuilder(ForkedJvm.command(BrokerCrashVictim.class, "-Xmx256m",
                dataDirectory.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Set<Long> target = line.startsWith("C ") ? confirmed : line.startsWith("R ") ? ackRequested
                        : line.startsWith("A ") ? acknowledged : null;
                if (target != null) {
                    target.add(Long.parseLong(line.substring(2)));
                }
                if (confirmed.size() == 3000) {
                    // SIGKILL through the handle: it leaves the pipe open, so every line printed before is read.
                    victim.toHandle().destroyForcibly();
                }
            }
        } finally {
            victim.toHandle().destroyForcibly();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(confirmed.size() >= 3000, "the victim confirmed only " + confirmed.size() + " messages");
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
