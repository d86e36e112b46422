package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server runs on Linux's native epoll where it loads, on the JDK's NIO when told, and messages flow on both. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketTransportTest {

    @Test
    void usesNativeEpollOnLinux() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the native epoll library is packaged for Linux x86_64 only");
        assertEquals(null, SocketTransport.whyNotEpoll(), "native epoll should load here");
        try (TestBroker b = TestBroker.start()) {
            assertEquals("epoll", b.server.socketTransport());
            assertRoundTrip(b, "transport.epoll");
        }
    }

    @Test
    void nioWhenToldOrWithoutEpoll() throws Exception {
        String before = System.getProperty(SocketTransport.PROPERTY);
        System.setProperty(SocketTransport.PROPERTY, "nio");
        try (TestBroker b = TestBroker.start()) {
            assertEquals("nio", b.server.socketTransport());
            assertRoundTrip(b, "transport.nio");
        } finally {
            if (before == null) {
                System.clearProperty(SocketTransport.PROPERTY);
            } else {
                System.setProperty(SocketTransport.PROPERTY, before);
            }
        }
        assertEquals(Epoll.isAvailable() ? SocketTransport.EPOLL : SocketTransport.NIO, SocketTransport.choose());
    }

    private static void assertRoundTrip(TestBroker b, String name) throws Exception {
        try (Connection c = b.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(name);
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 100; i++) {
                s.createProducer(q).send(s.createTextMessage("m" + i));
            }
            for (int i = 0; i < 100; i++) {
                TextMessage m = (TextMessage) consumer.receive(10_000);
                assertEquals("m" + i, m.getText());
            }
        }
    }
}
