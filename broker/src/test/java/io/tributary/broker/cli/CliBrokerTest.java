package io.tributary.broker.cli;

import io.tributary.broker.http.ApiFixture;
import io.tributary.broker.http.HttpSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test of the CLI with a fresh broker ({@link ApiFixture}, the API's default body limit) for each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CliBrokerTest {

    @RegisterExtension
    final ApiFixture fixture = new ApiFixture().bodyLimit(HttpSettings.DEFAULT_MAX_BODY);

    CliTestBroker b;

    @BeforeEach
    void start() {
        b = new CliTestBroker(fixture);
    }
}
