package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** vm:// URLs and the in-process broker registry. */
@Timeout(60)
class VmUrlTest {

    @Test
    void parsesNameAndOptions() throws Exception {
        VmUrl u = VmUrl.parse(new URI("vm://b1?store=h2&dataDir=/tmp/x&stay=true&jms.prefetch=5"));
        assertEquals("b1", u.name());
        assertEquals("h2", u.store());
        assertEquals("/tmp/x", u.dataDir());
        assertTrue(u.stay());
    }

    @Test
    void badUrlsNameTheUrlAndTheProblem() {
        JMSException e = assertThrows(JMSException.class, () -> VmUrl.parse(new URI("vm://b1?store=mongo")));
        assertTrue(e.getMessage().contains("vm://b1?store=mongo") && e.getMessage().contains("mongo"));
        assertThrows(JMSException.class, () -> VmUrl.parse(new URI("vm://b1?colour=red")));
        assertThrows(JMSException.class, () -> VmUrl.parse(new URI("vm://b1?stay=maybe")));
        assertThrows(JMSException.class, () -> new TributaryConnectionFactory("nope://x").createConnection());
        assertThrows(JMSException.class, () -> new TributaryConnectionFactory("vm://x?jms.prefetch=0")
                .createConnection());
    }

    @Test
    void theBrokerStopsWithItsLastConnectionUnlessToldToStay() throws Exception {
        String name = "lifecycle-" + System.nanoTime();
        TributaryConnectionFactory cf = new TributaryConnectionFactory("vm://" + name);
        Connection a = cf.createConnection();
        Connection b = cf.createConnection();
        assertTrue(VmBrokers.find(name).isPresent());
        a.close();
        assertTrue(VmBrokers.find(name).isPresent());
        b.close();
        assertFalse(VmBrokers.find(name).isPresent());
        Connection stay = new TributaryConnectionFactory("vm://" + name + "?stay=true").createConnection();
        stay.close();
        assertTrue(VmBrokers.find(name).isPresent());
        assertTrue(VmBrokers.stop(name));
    }

    @Test
    void anH2StoreKeepsPersistentMessagesAcrossBrokerRestarts(@TempDir Path dir) throws Exception {
        assertMessagesSurviveRestart("vm://h2-" + System.nanoTime() + "?store=h2&dataDir=" + dir, dir);
    }

    @Test
    void aJdbcUrlStoreKeepsPersistentMessagesAcrossBrokerRestarts(@TempDir Path dir) throws Exception {
        String jdbc = URLEncoder.encode("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0",
                StandardCharsets.UTF_8);
        assertMessagesSurviveRestart("vm://jdbc-" + System.nanoTime() + "?store=" + jdbc + "&storeUser=sa"
                + "&storePassword=", dir);
    }

    private static void assertMessagesSurviveRestart(String url, Path dir) throws Exception {
        String name = VmUrl.parse(new URI(url)).name();
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("durable.q")).send(s.createTextMessage("survives"));
        }
        assertFalse(VmBrokers.find(name).isPresent());
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isPresent(), "the store wrote into " + dir);
        }
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var m = (TextMessage) s.createConsumer(s.createQueue("durable.q")).receive(10_000);
            assertEquals("survives", m.getText());
        }
    }

    @Test
    void aConfigFileDeclaresAddresses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "address.news.kind=topic\naddresses.auto-create-queues=true\n");
        String name = "config-" + System.nanoTime();
        try (Connection c = new TributaryConnectionFactory("vm://" + name + "?config=" + file).createConnection()) {
            c.createSession();
            assertEquals(AddressKind.TOPIC,
                    VmBrokers.find(name).orElseThrow().addresses().find("news").orElseThrow().kind());
        }
        JMSException bad = assertThrows(JMSException.class, () -> new TributaryConnectionFactory("vm://bad-"
                + System.nanoTime() + "?config=" + dir.resolve("missing.properties")).createConnection());
        assertTrue(bad.getMessage().contains("missing.properties"));
    }

    @Test
    void withoutAnonymousAConnectionMustNameAUser(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("closed.properties"),
                "users.alice=wonderland\nsasl.allow-anonymous=false\n");
        TributaryConnectionFactory f = new TributaryConnectionFactory("vm://closed-" + System.nanoTime()
                + "?config=" + file);
        try (Connection c = f.createConnection("alice", "wonderland")) {
            JMSException e = assertThrows(JMSSecurityException.class, f::createConnection);
            assertTrue(e.getMessage().contains("sasl.allow-anonymous=false"), e.getMessage());
        }
    }

    @Test
    void aKeyOfTheEarlierVmConfigFileFailsWithItsNewSpelling(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("old.properties"), "auto-create-queues=false\n");
        JMSException e = assertThrows(JMSException.class, () -> new TributaryConnectionFactory("vm://old-"
                + System.nanoTime() + "?config=" + file).createConnection());
        assertTrue(e.getMessage().contains("'auto-create-queues' is not known; it is spelled "
                + "'addresses.auto-create-queues' now"), e.getMessage());
    }

    @Test
    void aConfigFileLimitsTheTransactionsOfAConnection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "limits.max-transactions=1\n");
        String url = "vm://tx-limit-" + System.nanoTime() + "?config=" + file;
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            c.createSession(true, Session.SESSION_TRANSACTED);
            JMSException e = assertThrows(ResourceAllocationException.class,
                    () -> c.createSession(true, Session.SESSION_TRANSACTED));
            assertTrue(e.getMessage().contains("limits.max-transactions = 1"), e.getMessage());
        }
    }

    @Test
    void aConfigFileMakesAnAddressStampTheSendersUserAndAForgedUserIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "address.audited.kind=queue\naddress.audited.populate-user-id=true\n");
        String url = "vm://userid-" + System.nanoTime() + "?config=" + file;
        try (Connection c = new TributaryConnectionFactory(url).createConnection("alice", "any")) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var audited = s.createQueue("audited");
            s.createProducer(audited).send(s.createTextMessage("stamped"));
            assertEquals("alice", s.createConsumer(audited).receive(5000).getStringProperty("JMSXUserID"));
            var forged = s.createTextMessage("forged");
            forged.setStringProperty("JMSXUserID", "mallory");
            JMSException e = assertThrows(JMSSecurityException.class,
                    () -> s.createProducer(s.createQueue("plain")).send(forged));
            assertTrue(e.getMessage().contains("'mallory'") && e.getMessage().contains("'alice'"), e.getMessage());
        }
    }
}
