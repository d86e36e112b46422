package io.tributary.core.stream;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ManualClock;
import io.tributary.core.Producer;
import io.tributary.core.engine.BrokerEngine;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.MessageStore;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A running engine with one connection and session, and stream helpers. Not thread-safe. */
final class StreamFixture implements AutoCloseable {

    final ManualClock clock;
    final Broker broker;
    final BrokerConnection connection;
    final BrokerSession session;

    StreamFixture() {
        this(null, new ManualClock());
    }

    StreamFixture(MessageStore store, ManualClock clock) {
        this.clock = clock;
        BrokerConfig.Builder b = BrokerConfig.builder().clock(clock);
        if (store != null) {
            b.store(store);
        }
        this.broker = Broker.start(b.build());
        this.connection = broker.connect(new ConnectionInfo("stream-test", null, null));
        this.session = connection.createSession();
    }

    /** Declares a stream with {@code partitions} partitions and no retention. */
    StreamFixture stream(String name, int partitions) {
        return stream(name, AddressSettings.DEFAULTS.withStream(partitions, null, 0, 0, null));
    }

    StreamFixture stream(String name, AddressSettings settings) {
        broker.addresses().declare(name, AddressKind.STREAM, settings);
        return this;
    }

    static Message text(String body) {
        return MessageBuilder.create().body(body).durable(true).build();
    }

    static Message keyed(String key, String body) {
        return MessageBuilder.create().body(body).durable(true).group(key, 0).build();
    }

    void send(String stream, String... bodies) {
        Producer p = session.openProducer(stream, null);
        for (String b : bodies) {
            join(p.send(text(b), null));
        }
        p.close();
    }

    void send(String stream, Message... messages) {
        Producer p = session.openProducer(stream, null);
        for (Message m : messages) {
            join(p.send(m, null));
        }
        p.close();
    }

    StreamSink read(ConsumerSpec spec, int credit) {
        return read(session, spec, credit);
    }

    static StreamSink read(BrokerSession s, ConsumerSpec spec, int credit) {
        StreamSink sink = new StreamSink();
        Consumer c = s.openConsumer(spec, sink);
        sink.consumer(c);
        if (credit > 0) {
            c.addCredit(credit);
        }
        return sink;
    }

    long count(String name) {
        return broker.addresses().find(name).orElseThrow().messageCount();
    }

    /** Advances the clock and runs the timer's due work (retention). */
    void advance(Duration d) {
        clock.advance(d);
        ((BrokerEngine) broker).runDueWork();
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        broker.close();
    }
}
