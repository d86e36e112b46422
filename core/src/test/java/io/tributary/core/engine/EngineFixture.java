package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ManualClock;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A running engine with one connection and session, and helpers to send and consume. Not thread-safe. */
class EngineFixture implements AutoCloseable {

    final ManualClock clock = new ManualClock();
    final Broker broker;
    final BrokerConnection connection;
    final BrokerSession session;
    private final List<AutoCloseable> opened = new ArrayList<>();

    EngineFixture() {
        this(BrokerConfig.builder());
    }

    EngineFixture(BrokerConfig.Builder config) {
        this.broker = Broker.start(config.clock(clock).build());
        this.connection = broker.connect(new ConnectionInfo("test-container", null, null));
        this.session = connection.createSession();
    }

    static Message text(String body) {
        return MessageBuilder.create().body(body).build();
    }

    void send(String address, String... bodies) {
        send(address, null, bodies);
    }

    void send(String address, AddressKind kind, String... bodies) {
        Producer p = session.openProducer(address, kind);
        for (String b : bodies) {
            join(p.send(text(b), null));
        }
        p.close();
    }

    void send(String address, Message... messages) {
        Producer p = session.openProducer(address, null);
        for (Message m : messages) {
            join(p.send(m, null));
        }
        p.close();
    }

    void send(String address, Message m, TransactionId tx) {
        Producer p = session.openProducer(address, null);
        join(p.send(m, tx));
        p.close();
    }

    /** Opens a consumer with {@code credit} on {@code spec}; the sink knows its consumer. */
    RecordingSink consume(ConsumerSpec spec, int credit) {
        return consume(session, spec, credit);
    }

    RecordingSink consume(BrokerSession s, ConsumerSpec spec, int credit) {
        RecordingSink sink = new RecordingSink();
        Consumer c = s.openConsumer(spec, sink);
        sink.consumer(c);
        if (credit > 0) {
            c.addCredit(credit);
        }
        return sink;
    }

    RecordingSink consume(String queue, int credit) {
        return consume(ConsumerSpec.on(queue), credit);
    }

    long count(String name) {
        return broker.addresses().find(name).orElseThrow().messageCount();
    }

    void awaitCount(String name, long expected) {
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> broker.addresses().find(name)
                .map(i -> i.messageCount() == expected).orElse(false));
    }

    /** Advances the clock and runs what became due. */
    void advance(Duration d) {
        clock.advance(d);
        ((BrokerEngine) broker).runDueWork();
    }

    BrokerConnection connect(String clientId) {
        BrokerConnection c = broker.connect(new ConnectionInfo("container-" + clientId, clientId, null));
        opened.add(c);
        return c;
    }

    /**
     * Waits for a stage; the bound only stops a hung test (a durable send can wait behind thousands of store deletes,
     * which on a busy machine took longer than 5 s).
     */
    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        broker.close();
    }
}
