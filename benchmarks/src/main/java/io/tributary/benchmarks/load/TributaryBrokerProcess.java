package io.tributary.benchmarks.load;

import io.tributary.broker.Main;
import io.tributary.broker.RunningBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Tributary for the load tool in its own JVM, as {@code tributary run} would with
 * {@code --amqp-port 0 --http-port 0 --bind 127.0.0.1 --data-dir TEMP}: the engine on its default store (H2 in the
 * data directory) and the AMQP server (no management API), announced on standard output, running until standard input
 * closes; the data directory is deleted afterwards.
 *
 * <p>{@code --permissions} adds a configuration file with a user {@value #USER} whose role may send, consume, browse
 * and create on every address ({@code permissions.loaders.#}), and no anonymous logins, so every client logs in and
 * every attach and send is checked. {@code --metrics} switches the management API on (a free port on 127.0.0.1,
 * announced on a {@value ChildBroker#HTTP_PREFIX} line before the ready line) for the tool to scrape {@code /metrics}.
 * {@code --tables} keeps the messages in the H2 store's tables instead of its journal ({@code store.journal=false}).
 *
 * <p>Thread model: the main thread starts the broker and waits; the broker runs its own threads.
 */
public final class TributaryBrokerProcess {

    /** The user clients log in as with {@code --permissions}. */
    static final String USER = "load";
    static final String PASSWORD = "load-password";

    private TributaryBrokerProcess() {
    }

    public static void main(String[] args) {
        List<String> flags = List.of(args);
        Path dataDir = ChildBroker.tempDirectory("tributary-load-");
        RunningBroker broker = null;
        try {
            List<String> run = new ArrayList<>(List.of("run", "--amqp-port", "0", "--bind", "127.0.0.1",
                    "--data-dir", dataDir.toString(), "--http-port",
                    flags.contains("--metrics") ? Integer.toString(ChildBroker.freeLoopbackPort()) : "0"));
            if (flags.contains("--permissions") || flags.contains("--tables")) {
                run.addAll(List.of("--config", config(dataDir, flags.contains("--permissions"),
                        flags.contains("--tables")).toString()));
            }
            broker = Main.start(run.toArray(String[]::new));
        } catch (RuntimeException | LinkageError e) {
            ChildBroker.deleteTree(dataDir);
            ChildBroker.fail("Tributary did not start with its data in " + dataDir
                    + "; check that the temp directory is writable", e);
        }
        System.out.println(broker.startLine());
        if (broker.httpUrl() != null) {
            System.out.println(ChildBroker.HTTP_PREFIX + broker.httpUrl());
        }
        RunningBroker started = broker;
        ChildBroker.announceAndServe(broker.amqpPort(), () -> {
            try {
                started.close();
            } finally {
                ChildBroker.deleteTree(dataDir);
            }
        });
    }

    /**
     * A configuration file: with {@code secured} the load user, its role's grants on every address and no anonymous
     * logins; with {@code tables} the messages in the H2 store's tables instead of its journal.
     */
    private static Path config(Path dataDir, boolean secured, boolean tables) {
        Path file = dataDir.resolve("load.properties");
        List<String> lines = new ArrayList<>();
        if (secured) {
            lines.addAll(List.of("users." + USER + "=" + PASSWORD, "sasl.allow-anonymous=false",
                    "roles.loaders=" + USER, "permissions.loaders.#=send,consume,browse,create"));
        }
        if (tables) {
            lines.add("store.journal=false");
        }
        lines.add("");
        try {
            Files.writeString(file, String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
