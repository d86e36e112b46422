package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's memory through {@code bin/tributary} with a small heap: the global limit keeps it serving when many
 * queues fill together, and a broker that runs out of memory anyway (a limit above the heap) exits with a clear
 * last line instead of lingering. Runs in the package phase, as {@link TributaryScriptIT}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@EnabledIfSystemProperty(named = "tributary.packaged", matches = "true",
        disabledReason = "needs the packaged jars; runs in the package phase")
class MemoryScriptIT {

    private static final int SIZE = 10 * 1024;

    @TempDir
    Path dir;

    /**
     * The report: six producers that respect credit, each on its own new queue of 10 KiB non-durable messages, took
     * a 256 MiB broker out of memory (each queue stayed under its own 64 MiB budget). 6 x 4,500 messages are
     * 264 MiB, more than the heap.
     */
    @Test
    void holdsBackSixNonDurableProducersOnNewQueuesInA256MiBHeapAndDeliversEverythingOnceConsumersDrain()
            throws Exception {
        int producers = 6;
        int each = 4_500;
        try (ScriptProcess broker = ScriptProcess.run(dir, "-Xmx256m")) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.awaitPort());
            AtomicLongArray sent = new AtomicLongArray(producers);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < producers; i++) {
                int p = i;
                threads.add(start(() -> produce(factory, "report.q" + p, each, () -> sent.incrementAndGet(p),
                        failures)));
            }
            AtomicLong previous = new AtomicLong(-1);
            Awaitility.await("the producers stall").atMost(90, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
                    .until(() -> {
                        long total = total(sent);
                        return total == previous.getAndSet(total) || !broker.process.isAlive();
                    });
            assertTrue(broker.process.isAlive(), "the broker is up: " + broker.stderr());
            assertTrue(total(sent) < (long) producers * each, "the producers are held back: " + total(sent));
            assertTrue(broker.stderr().contains("over the global memory limit"), broker.stderr());

            AtomicLongArray received = new AtomicLongArray(producers);
            try (Connection c = factory.createConnection()) {
                for (int i = 0; i < producers; i++) {
                    int p = i;
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    s.createConsumer(s.createQueue("report.q" + p)).setMessageListener(m -> {
                        try {
                            if (m.getIntProperty("n") != received.get(p)) {
                                failures.add(new AssertionError("report.q" + p + ": message " + m.getIntProperty("n")
                                        + " arrived when " + received.get(p) + " was due"));
                            }
                        } catch (JMSException e) {
                            failures.add(e);
                        }
                        received.incrementAndGet(p);
                    });
                }
                c.start();
                Awaitility.await("every message arrives").atMost(90, TimeUnit.SECONDS)
                        .until(() -> total(received) == (long) producers * each || !failures.isEmpty());
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertEquals(List.of(), failures);
            assertEquals((long) producers * each, total(sent));
            assertTrue(broker.stderr().contains("back under the global memory limit"), broker.stderr());
        }
    }

    /** A global limit above the heap is a misconfiguration: the broker runs out of memory and must stop. */
    @Test
    void exitsWithStatusThreeAndALastLineSayingWhyWhenItRunsOutOfMemory() throws Exception {
        Path config = Files.writeString(dir.resolve("too-high.properties"), "limits.global-memory=1GiB\n");
        try (ScriptProcess broker = ScriptProcess.run(dir, "-Xmx64m", "--config", config.toString())) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.awaitPort());
            assertTrue(broker.stderr().contains("is not below the maximum heap"), broker.stderr());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String queue = "flood.q" + i;
                threads.add(start(() -> produce(factory, queue, Integer.MAX_VALUE, () -> { }, new ArrayList<>())));
            }
            boolean exited = broker.process.waitFor(90, TimeUnit.SECONDS);
            assertTrue(exited, "the broker exits once it is out of memory; stderr: " + broker.stderr());
            assertEquals(Main.FATAL_ERROR, broker.process.exitValue(), broker.stdout() + broker.stderr());
            assertTrue(ScriptProcess.lastLine(broker.stdout())
                    .startsWith("Terminating due to java.lang.OutOfMemoryError"), broker.stdout());
            assertTrue(ScriptProcess.lastLine(broker.stderr()).contains("the JVM ran out of memory and exits with"
                    + " status 3"), broker.stderr());
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private static Thread start(Runnable body) {
        Thread t = new Thread(body, "test-producer");
        t.start();
        return t;
    }

    private static long total(AtomicLongArray sent) {
        long n = 0;
        for (int i = 0; i < sent.length(); i++) {
            n += sent.get(i);
        }
        return n;
    }

    /** Sends {@code count} non-durable 10 KiB messages numbered by the property n; stops at the first failure. */
    private static void produce(JmsConnectionFactory factory, String queue, int count, Runnable onSent,
                                List<Throwable> failures) {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            byte[] body = new byte[SIZE];
            for (int n = 0; n < count; n++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(body);
                m.setIntProperty("n", n);
                producer.send(m);
                onSent.run();
            }
        } catch (JMSException | RuntimeException e) {
            failures.add(e);
        }
    }
}
