package io.tributary.broker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.Main;
import io.tributary.broker.http.ApiFixture;
import io.tributary.broker.http.BrokerMetrics;
import io.tributary.core.Broker;
import jakarta.jms.Connection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker of an {@link ApiFixture} as the CLI's tests use it (H2 in a directory, AMQP and the management API on
 * ephemeral loopback ports), and the CLI run in-process through {@link Main#execute} with its output captured.
 *
 * <p>Not thread-safe: one per test.
 */
final class CliTestBroker {

    private final ApiFixture f;
    final Broker broker;
    final BrokerMetrics metrics;
    final Connection jms;

    CliTestBroker(ApiFixture f) {
        this.f = f;
        this.broker = f.broker;
        this.metrics = f.metrics;
        this.jms = f.jms;
    }

    String amqpUrl() {
        return f.amqpUrl();
    }

    /** What one command line printed and its exit status. */
    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return ApiClient.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }

        /** Asserts the status, and that a failure said why in words, not with a stack trace. */
        Run expect(int expected) {
            assertEquals(expected, status, "status of a run that printed:\n" + out + "\nand on stderr:\n" + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "a stack trace on stderr:\n" + err);
            return this;
        }
    }

    /** Runs {@code tributary ARGS} in-process with this environment. */
    static Run cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code tributary ARGS --url THIS-BROKER}. */
    Run api(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url");
        all.add(f.http.url());
        return cli(Map.of(), all.toArray(String[]::new));
    }

    void send(String queue, int n, String color) throws Exception {
        f.sendMessages(queue, n, color);
    }

    /** A request straight to the API, for what the CLI has no command for (creating an address); its status. */
    int post(String path, String json) throws Exception {
        return f.post(path, json).status();
    }

    long depth(String queue) {
        return api("queue", "stat", queue, "--json").expect(0).json().path("depth").asLong();
    }
}
