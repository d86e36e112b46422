package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.store.SinkQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a crash-test main class in another JVM, reads the numbers it reports ({@code <letter> <number>} lines)
 * and kills it with SIGKILL once it has confirmed ({@code C}) enough; and what a new broker finds afterwards.
 */
final class Victim {

    private final Map<Character, Set<Long>> reported = new HashMap<>();

    private Victim() {
    }

    /** Runs {@code main} on {@code dataDirectory} until {@code confirmations} C lines, then kills it. */
    static Victim runUntilKilled(Class<?> main, Path dataDirectory, int confirmations, String... more)
            throws IOException, InterruptedException {
        Victim v = new Victim();
        List<String> args = new ArrayList<>(List.of(dataDirectory.toString()));
        args.addAll(List.of(more));
        Process process = new ProcessBuilder(ForkedJvm.command(main, "-Xmx256m", args.toArray(String[]::new)))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.length() > 2 && line.charAt(1) == ' ' && Character.isUpperCase(line.charAt(0))) {
                    v.reported(line.charAt(0)).add(Long.parseLong(line.substring(2).trim()));
                }
                if (v.reported('C').size() == confirmations) {
                    // SIGKILL through the handle: unlike Process.destroyForcibly it leaves the pipe open, so
                    // every line printed before the kill is still read.
                    process.toHandle().destroyForcibly();
                }
            }
        } finally {
            process.toHandle().destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(v.reported('C').size() >= confirmations, "the victim confirmed only " + v.reported('C').size());
        return v;
    }

    /** The numbers reported with {@code letter}. */
    Set<Long> reported(char letter) {
        return reported.computeIfAbsent(letter, l -> new HashSet<>());
    }

    /**
     * Starts a broker on the H2 store in {@code dataDirectory}, takes every message of {@code queue} (without
     * settling) and answers their numbers (the application property {@code n}).
     */
    static Set<Long> drainAfterRestart(Path dataDirectory, String queue) {
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
            sink.assertNothingMore();
        }
        return recovered;
    }
}
