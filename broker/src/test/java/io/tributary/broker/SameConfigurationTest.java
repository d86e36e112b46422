package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.vm.VmBrokers;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One configuration file starts bin/tributary's broker and a vm:// broker alike, and fails both alike. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SameConfigurationTest {

    @TempDir
    Path dir;

    private String[] runArgs(Path config) {
        return new String[] {"run", "--http-port", "0", "--data-dir", dir.resolve("data").toString(), "--config",
            config.toString()};
    }

    private static String vmUrl(Path config) {
        return "vm://same-" + System.nanoTime() + "?config=" + config;
    }

    @Test
    void theSameFileGivesBothBrokersTheSameEngineAndTheSameUsers() throws Exception {
        Path config = Files.writeString(dir.resolve("broker.properties"), String.join("\n",
                "amqp.port=0", "amqp.idle-timeout=30s", "tls.keystore-type=PKCS12", "limits.max-links=64",
                "users.alice=wonderland", "limits.max-transactions=7", "limits.global-memory=32MiB",
                "addresses.auto-create-topics=false", "defaults.max-delivery-attempts=4",
                "address.orders.kind=queue", "address.orders.dead-letter-address=DLQ",
                "address.clicks.kind=stream", "address.clicks.partitions=3", "address.clicks.partition-key=region"));
        String url = vmUrl(config);
        try (RunningBroker server = Main.start(runArgs(config));
             Connection anchor = new TributaryConnectionFactory(url).createConnection("alice", "wonderland")) {
            BrokerConfig served = server.broker().config();
            BrokerConfig embedded = VmBrokers.find(url.substring(5, url.indexOf('?'))).orElseThrow().config();
            assertEquals(served.declared(), embedded.declared());
            assertEquals(served.defaults(), embedded.defaults());
            assertEquals(served.maxTransactions(), embedded.maxTransactions());
            assertEquals(served.globalMemory(), embedded.globalMemory());
            assertEquals(served.autoCreateTopics(), embedded.autoCreateTopics());

            for (ConnectionFactory f : List.of(new JmsConnectionFactory(server.amqpUri()),
                    new TributaryConnectionFactory(url))) {
                f.createConnection("alice", "wonderland").close();
                assertThrows(JMSSecurityException.class, () -> f.createConnection("alice", "looking-glass").start(),
                        f.toString());
            }
        }
    }

    @Test
    void aBadFileFailsBothWithTheSameError() throws Exception {
        Path config = dir.resolve("bad.properties");
        for (String bad : List.of("auto-create-queues=false", "limits.max-linx=3", "sasl.allow-anonymous=yes",
                "amqp.port=seventy", "address.orders.max-delivery-attempts=3", "defaults.partition-key-property=k")) {
            Files.writeString(config, "amqp.port=0\n" + bad + "\n");
            BrokerException served = assertThrows(BrokerException.class, () -> Main.start(runArgs(config)), bad);
            JMSException embedded = assertThrows(JMSException.class,
                    () -> new TributaryConnectionFactory(vmUrl(config)).createConnection(), bad);
            assertTrue(embedded.getMessage().endsWith(": the broker cannot start: " + served.getMessage()),
                    "bin/tributary: " + served.getMessage() + "\nvm://: " + embedded.getMessage());
            assertTrue(served.getMessage().contains(bad.substring(0, bad.indexOf('='))), served.getMessage());
        }
    }
}
