package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.SecurityConformanceTest;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Security conformance tests through vm://, its users given in the broker's configuration file. */
class VmSecurityTest extends SecurityConformanceTest {

    @TempDir
    static Path dir;

    @Override
    protected ConnectionFactory createConnectionFactory() throws Exception {
        Path config = Files.writeString(dir.resolve("broker.properties"), "users." + USER + "=" + PASSWORD
                + "\nusers.bob=builder\n");
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()) + "?config=" + config);
    }
}
