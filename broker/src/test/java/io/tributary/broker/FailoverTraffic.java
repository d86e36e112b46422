package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;

/**
 * Qpid JMS clients on a {@code failover:} URL while brokers die under them: per queue two producers of numbered
 * persistent messages (synchronous sends; a send that fails is sent again with the same number) and one consumer,
 * in client-acknowledge mode on one queue and in a transacted session on the other. It records what each producer
 * had confirmed, what each consumer received, in order, and the message-ids of every transaction whose commit
 * returned normally. Producers and consumers run on threads of their own.
 */
final class FailoverTraffic implements AutoCloseable {

    private static final String ACK_QUEUE = "ha.client-ack";
    static final String TX_QUEUE = "ha.transacted";
    private static final int PRODUCERS_PER_QUEUE = 2;

    private final JmsConnectionFactory factory;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> producers = new ArrayList<>();
    private final List<Thread> consumers = new ArrayList<>();
    /** Per producer ("queue/index"): the numbers confirmed, in order. */
    private final Map<String, List<Integer>> confirmed = new ConcurrentHashMap<>();
    /** Per producer: the numbers received, in the order they were received (duplicates kept). */
    private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    private final AtomicInteger confirmedCount = new AtomicInteger();
    private final AtomicInteger failedSends = new AtomicInteger();
    private final AtomicInteger failedCommits = new AtomicInteger();
    /** The message-ids of the transacted consumer's commits that returned normally. */
    private final Set<String> committedIds = ConcurrentHashMap.newKeySet();
    /** Deliveries to the transacted consumer of a message it had committed before: what must not happen. */
    private final List<String> redeliveredAfterCommit = new CopyOnWriteArrayList<>();
    private volatile boolean producing = true;
    private volatile boolean consuming = true;

    private FailoverTraffic(String url) {
        this.factory = new JmsConnectionFactory(url);
    }

    static FailoverTraffic start(String url) throws JMSException {
        FailoverTraffic t = new FailoverTraffic(url);
        t.clientAcknowledgeConsumer(ACK_QUEUE);
        t.transactedConsumer(TX_QUEUE);
        for (String queue : List.of(ACK_QUEUE, TX_QUEUE)) {
            for (int i = 0; i < PRODUCERS_PER_QUEUE; i++) {
                t.producer(queue, queue + "/" + i);
            }
        }
        return t;
    }

    private Connection connect() throws JMSException {
        Connection c = factory.createConnection();
        connections.add(c);
        c.start();
        return c;
    }

    private void producer(String queue, String id) throws JMSException {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        List<Integer> mine = new CopyOnWriteArrayList<>();
        confirmed.put(id, mine);
        Thread t = new Thread(() -> {
            int n = 0;
            while (producing) {
                try {
                    Message m = s.createTextMessage(id + ":" + n);
                    m.setStringProperty("producer", id);
                    m.setIntProperty("n", n);
                    p.send(m);
                    mine.add(n);
                    confirmedCount.incrementAndGet();
                    n++;
                } catch (JMSException e) {
                    failedSends.incrementAndGet(); // not confirmed: sent again with the same number
                    pause();
                }
            }
        }, "producer-" + id);
        producers.add(t);
        t.start();
    }

    private void clientAcknowledgeConsumer(String queue) throws JMSException {
        Session s = connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(s.createQueue(queue));
        Thread t = new Thread(() -> {
            while (consuming) {
                try {
                    Message m = c.receive(100);
                    if (m != null) {
                        record(m);
                        m.acknowledge();
                    }
                } catch (JMSException e) {
                    pause();
                }
            }
        }, "consumer-" + queue);
        consumers.add(t);
        t.start();
    }

    /**
     * A consumer in a transacted session that commits every five messages (or when none came). When a commit (or a
     * receive) fails, the application starts over with a new session and consumer.
     *
     * <p>Design note: that is how an application must use Qpid JMS 2.10 with {@code failover:}. A failover makes the
     * session's transaction in doubt, and {@code commit()} rolls it back and throws without stopping the session's
     * consumers: rolling back releases to the broker every prefetched message not yet given to the application, but
     * leaves them in the consumer's local queue. {@code receive()} hands them out, their acknowledgements go
     * nowhere (the deliveries are settled), the next commit returns normally without them, and the broker, which has
     * them back, delivers them again. {@code Session.rollback()} does not help: it empties the local queue only
     * when the consumer took part in the current transaction, and after the failed commit it has not. Closing the
     * session drops the local queue with it.
     */
    private void transactedConsumer(String queue) throws JMSException {
        Connection connection = connect();
        Session[] session = {connection.createSession(true, Session.SESSION_TRANSACTED)};
        MessageConsumer[] consumer = {session[0].createConsumer(session[0].createQueue(queue))};
        Thread t = new Thread(() -> {
            List<String> uncommitted = new ArrayList<>();
            while (consuming) {
                try {
                    if (session[0] == null) {
                        session[0] = connection.createSession(true, Session.SESSION_TRANSACTED);
                        consumer[0] = session[0].createConsumer(session[0].createQueue(queue));
                    }
                    Message m = consumer[0].receive(100);
                    if (m != null || !uncommitted.isEmpty()) {
                        receivedInTransaction(session[0], m, uncommitted);
                    }
                } catch (JMSException e) {
                    failedCommits.incrementAndGet(); // rolled back: its messages come again
                    uncommitted.clear();
                    closeQuietly(session[0]);
                    session[0] = null;
                    pause();
                }
            }
        }, "consumer-" + queue);
        consumers.add(t);
        t.start();
    }

    /**
     * Notes a message the transacted consumer received (null: none came), and commits every fifth or when none
     * came. Once a commit returned, none of its messages may come again.
     */
    private void receivedInTransaction(Session s, Message m, List<String> uncommitted) throws JMSException {
        if (m != null) {
            record(m);
            if (committedIds.contains(m.getJMSMessageID())) {
                redeliveredAfterCommit.add(m.getJMSMessageID() + " (" + m.getStringProperty("producer") + ":"
                        + m.getIntProperty("n") + ", JMSXDeliveryCount " + m.getIntProperty("JMSXDeliveryCount")
                        + ")");
            }
            uncommitted.add(m.getJMSMessageID());
        }
        if (m == null || uncommitted.size() == 5) {
            s.commit();
            committedIds.addAll(uncommitted);
            uncommitted.clear();
        }
    }

    private void record(Message m) throws JMSException {
        received.computeIfAbsent(m.getStringProperty("producer"), k -> new CopyOnWriteArrayList<>())
                .add(m.getIntProperty("n"));
    }

    private static void closeQuietly(Session s) {
        try {
            s.close();
        } catch (JMSException e) {
            // the broker may be gone: the session is dropped all the same
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sends confirmed so far. */
    int confirmed() {
        return confirmedCount.get();
    }

    /** Waits until producers had {@code count} more sends confirmed. */
    void awaitProgress(int count, Duration within) {
        int target = confirmedCount.get() + count;
        Awaitility.await("producers confirm " + count + " more sends").atMost(within)
                .until(() -> confirmedCount.get() >= target);
    }

    private void stopProducers() throws InterruptedException {
        producing = false;
        for (Thread t : producers) {
            t.join(60_000);
        }
    }

    /** Waits until every confirmed number of every producer was received. */
    private void awaitAllConfirmedReceived(Duration within) {
        Awaitility.await("every confirmed message received").atMost(within).until(() -> missing().isEmpty());
    }

    private Map<String, Set<Integer>> missing() {
        Map<String, Set<Integer>> missing = new ConcurrentHashMap<>();
        confirmed.forEach((id, numbers) -> {
            Set<Integer> got = new HashSet<>(received.getOrDefault(id, List.of()));
            numbers.stream().filter(n -> !got.contains(n)).forEach(n -> missing.computeIfAbsent(id,
                    k -> new HashSet<>()).add(n));
        });
        return missing;
    }

    /** Per producer, each number is received for the first time after every lower number. */
    private void assertOrderPerProducer() {
        received.forEach((id, numbers) -> {
            int highest = -1;
            Set<Integer> seen = new HashSet<>();
            for (int n : numbers) {
                if (seen.add(n)) {
                    assertTrue(n > highest, id + ": " + n + " was first received after " + highest);
                    highest = n;
                }
            }
        });
    }

    /** No message the transacted consumer committed was delivered to it again. */
    private void assertNothingRedeliveredAfterCommit() {
        assertTrue(redeliveredAfterCommit.isEmpty(), "delivered again after their commit returned: "
                + redeliveredAfterCommit);
    }

    /**
     * Stops the producers and verifies what the consumers received: every confirmed message within
     * {@code within}, in order per producer, and nothing again that the transacted consumer had committed. Answers
     * the {@link #summary}.
     */
    String stopAndVerify(Duration within) throws InterruptedException {
        stopProducers();
        awaitAllConfirmedReceived(within);
        assertOrderPerProducer();
        assertNothingRedeliveredAfterCommit();
        return summary();
    }

    /** Confirmed and received counts, duplicates and failed sends and commits. */
    private String summary() {
        int sent = confirmed.values().stream().mapToInt(List::size).sum();
        int got = received.values().stream().mapToInt(List::size).sum();
        int distinct = received.values().stream().mapToInt(l -> new HashSet<>(l).size()).sum();
        return sent + " sends confirmed by " + confirmed.size() + " producers; " + got + " deliveries received, "
                + (got - distinct) + " of them duplicates; " + failedSends.get() + " sends failed and were sent again; "
                + failedCommits.get() + " transacted receives rolled back";
    }

    @Override
    public void close() throws InterruptedException {
        producing = false;
        consuming = false;
        for (Thread t : producers) {
            t.join(30_000);
        }
        for (Thread t : consumers) {
            t.join(30_000);
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                // the broker may be gone; the test's verdict does not depend on a clean close
            }
        }
    }
}
