package io.tributary.benchmarks.load;

import io.tributary.broker.Main;
import io.tributary.broker.RunningBroker;
import java.nio.file.Path;

/**
 * Starts Tributary for the load tool in its own JVM, as {@code tributary run} would with
 * {@code --amqp-port 0 --http-port 0 --bind 127.0.0.1 --data-dir TEMP}: the engine on its default store (H2 in the
 * data directory) and the AMQP server (no management API), announced on standard output, running until standard input
 * closes; the data directory is deleted afterwards.
 *
 * <p>Thread model: the main thread starts the broker and waits; the broker runs its own threads.
 */
public final class TributaryBrokerProcess {

    private TributaryBrokerProcess() {
    }

    public static void main(String[] args) {
        Path dataDir = ChildBroker.tempDirectory("tributary-load-");
        RunningBroker broker = null;
        try {
            broker = Main.start("run", "--amqp-port", "0", "--http-port", "0", "--bind", "127.0.0.1", "--data-dir",
                    dataDir.toString());
        } catch (RuntimeException | LinkageError e) {
            ChildBroker.deleteTree(dataDir);
            ChildBroker.fail("Tributary did not start with its data in " + dataDir
                    + "; check that the temp directory is writable", e);
        }
        System.out.println(broker.startLine());
        RunningBroker started = broker;
        ChildBroker.announceAndServe(broker.amqpPort(), () -> {
            try {
                started.close();
            } finally {
                ChildBroker.deleteTree(dataDir);
            }
        });
    }
}
