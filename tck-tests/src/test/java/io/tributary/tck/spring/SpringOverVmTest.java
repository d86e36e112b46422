package io.tributary.tck.spring;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The Spring JMS scenarios over vm://, the in-process broker. */
class SpringOverVmTest extends SpringJmsScenarios {

    @TempDir
    static Path dir;
    private String url;
    private Connection anchor;

    @Override
    protected ConnectionFactory connectionFactory() throws Exception {
        if (url == null) {
            Path config = Files.writeString(dir.resolve("broker.properties"),
                    "defaults.max-delivery-attempts=" + MAX_DELIVERY_ATTEMPTS + "\n");
            url = "vm://spring-" + UUID.randomUUID().toString().substring(0, 8) + "?config=" + config;
            anchor = new TributaryConnectionFactory(url).createConnection(); // keeps the broker for the class
        }
        return new TributaryConnectionFactory(url);
    }

    @AfterAll
    void closeBroker() throws Exception {
        if (anchor != null) {
            anchor.close();
        }
    }
}
