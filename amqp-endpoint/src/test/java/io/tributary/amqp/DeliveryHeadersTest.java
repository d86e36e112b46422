package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.junit.jupiter.api.Test;

/** The delivery-count rewrite of outgoing messages keeps every other section as it was. */
class DeliveryHeadersTest {

    private final DeliveryHeaders headers = new DeliveryHeaders();

    @Test
    void leavesAFirstDeliveryUntouched() {
        byte[] bytes = MessageBuilder.create().durable(true).body("first").build().encoded();
        assertSame(bytes, headers.withDeliveryCount(bytes, 0));
    }

    @Test
    void setsTheCountInAnExistingHeaderAndKeepsItsOtherFields() {
        Message original = MessageBuilder.create().durable(true).priority(7).ttl(5000).messageId("m-1")
                .property("colour", "red").body("payload").build();
        Message again = Message.decode(headers.withDeliveryCount(original.encoded(), 3));
        var proton = again.toProton();
        assertEquals(3, proton.getHeader().getDeliveryCount().intValue());
        assertFalse(proton.getHeader().getFirstAcquirer());
        assertTrue(again.durable());
        assertEquals(7, again.priority());
        assertEquals(5000, again.ttl());
        assertEquals("m-1", again.messageId());
        assertEquals("red", again.applicationProperty("colour"));
        assertEquals("payload", ((AmqpValue) proton.getBody()).getValue());
    }

    @Test
    void addsAHeaderToAMessageThatHasNone() {
        Message original = MessageBuilder.create().messageId("m-2").body(new byte[] {1, 2, 3}).build();
        Message again = Message.decode(headers.withDeliveryCount(original.encoded(), 1));
        assertEquals(1, again.toProton().getHeader().getDeliveryCount().intValue());
        assertEquals("m-2", again.messageId());
        assertEquals(3, ((Data) again.toProton().getBody())
                .getValue().getLength());
    }
}
