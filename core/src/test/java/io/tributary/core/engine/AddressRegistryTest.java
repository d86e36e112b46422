package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Producer;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AddressRegistryTest {

    private EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void restart(BrokerConfig.Builder config) {
        f.close();
        f = new EngineFixture(config);
    }

    private AddressKind kindOf(String name) {
        return f.broker.addresses().find(name).orElseThrow().kind();
    }

    @Test
    void declaredAddressesExistAtStartWithTheirKindAndSettings() {
        AddressSettings s = AddressSettings.DEFAULTS.withMaxDeliveryAttempts(2);
        restart(BrokerConfig.builder().declare("news", AddressKind.TOPIC, s).declare("jobs", AddressKind.QUEUE, null));
        AddressInfo news = f.broker.addresses().find("news").orElseThrow();
        assertEquals(AddressKind.TOPIC, news.kind());
        assertEquals(2, news.settings().maxDeliveryAttempts());
        assertEquals(AddressKind.QUEUE, kindOf("jobs"));
    }

    @Test
    void unknownAddressIsAutoCreatedAsAQueueByDefault() {
        f.session.openProducer("orders", null);
        assertEquals(AddressKind.QUEUE, kindOf("orders"));
    }

    @Test
    void topicHintAutoCreatesATopic() {
        f.session.openProducer("news", AddressKind.TOPIC);
        assertEquals(AddressKind.TOPIC, kindOf("news"));
    }

    @Test
    void prefixesAreStrippedAndGiveTheKind() {
        f.session.openProducer("topic://news", null);
        f.session.openProducer("queue://jobs", null);
        f.session.openProducer("stream://events", null);
        assertEquals(AddressKind.TOPIC, kindOf("news"));
        assertEquals(AddressKind.QUEUE, kindOf("jobs"));
        assertEquals(AddressKind.STREAM, kindOf("events"));
        assertTrue(f.broker.addresses().find("topic://news").isEmpty());
    }

    @Test
    void existingAddressKeepsItsKindWhateverTheHint() {
        f.send("orders", "a");
        f.session.openProducer("orders", AddressKind.TOPIC);
        assertEquals(AddressKind.QUEUE, kindOf("orders"));
    }

    @Test
    void unknownAddressIsNotFoundWhenAutoCreateIsOff() {
        restart(BrokerConfig.builder().autoCreateQueues(false).autoCreateTopics(false));
        BrokerException e = assertThrows(BrokerException.class, () -> f.session.openProducer("orders", null));
        assertEquals(BrokerException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("orders"), e.getMessage());
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> f.session.openConsumer(ConsumerSpec.on("news").kind(AddressKind.TOPIC), new RecordingSink()))
                .kind());
    }

    @Test
    void declaringAnExistingAddressWithAnotherKindFails() {
        f.broker.addresses().declare("orders", AddressKind.QUEUE, null);
        f.broker.addresses().declare("orders", AddressKind.QUEUE, null);
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.broker.addresses().declare("orders", AddressKind.TOPIC, null));
        assertEquals(BrokerException.Kind.ALREADY_EXISTS, e.kind());
    }

    @Test
    void deletingAnAddressWithConsumersIsInUseUnlessForced() {
        f.send("orders", "a");
        RecordingSink sink = f.consume("orders", 0);
        BrokerException e = assertThrows(BrokerException.class, () -> f.broker.addresses().delete("orders", false));
        assertEquals(BrokerException.Kind.IN_USE, e.kind());
        f.broker.addresses().delete("orders", true);
        assertEquals(BrokerException.Kind.NOT_FOUND, sink.awaitClosed().kind());
        assertTrue(f.broker.addresses().find("orders").isEmpty());
    }

    @Test
    void deletingAnUnknownAddressIsNotFound() {
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> f.broker.addresses().delete("nothing", false)).kind());
    }

    @Test
    void sendingToADeletedAddressFails() {
        Producer p = f.session.openProducer("orders", null);
        f.broker.addresses().delete("orders", false);
        BrokerException e = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(EngineFixture.text("a"), null))).getCause() instanceof BrokerException b
                ? b : null;
        assertEquals(BrokerException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void purgeRemovesWaitingMessagesButNotDeliveredOnes() {
        f.send("orders", "a", "b", "c");
        RecordingSink sink = f.consume("orders", 1);
        sink.next();
        assertEquals(2, f.broker.addresses().purge("orders"));
        assertEquals(1, f.count("orders"));
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> f.broker.addresses().purge("nothing")).kind());
    }

    @Test
    void listAndFindReportMessageAndConsumerCounts() {
        f.send("orders", "a", "b");
        f.consume("orders", 0);
        f.consume("orders", 0);
        f.session.openProducer("news", AddressKind.TOPIC);
        List<AddressInfo> all = f.broker.addresses().list();
        AddressInfo orders = all.stream().filter(i -> i.name().equals("orders")).findFirst().orElseThrow();
        assertEquals(2, orders.messageCount());
        assertEquals(2, orders.consumerCount());
        assertFalse(orders.temporary());
        assertTrue(all.stream().anyMatch(i -> i.name().equals("news") && i.kind() == AddressKind.TOPIC));
    }

    @Test
    void consumingFromADeclaredStreamOpensAStreamReader() {
        f.broker.addresses().declare("events", AddressKind.STREAM, null);
        assertEquals("events", f.session.openConsumer(ConsumerSpec.on("events"), new RecordingSink()).queueName());
        assertEquals(1, f.broker.addresses().find("events").orElseThrow().consumerCount());
    }
}
