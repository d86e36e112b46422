package io.tributary.broker.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A test of the CLI with a fresh {@link CliTestBroker} for each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CliBrokerTest {

    @TempDir
    Path dir;

    CliTestBroker b;

    @BeforeEach
    void start() throws Exception {
        b = new CliTestBroker(dir);
    }

    @AfterEach
    void stop() throws Exception {
        b.close();
    }
}
