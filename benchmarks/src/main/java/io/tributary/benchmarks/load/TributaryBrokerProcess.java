package io.tributary.benchmarks.load;

/**
 * Starts Tributary for the load tool in its own JVM: the AMQP server on a free 127.0.0.1 port with its default
 * store in a temporary directory, announced on standard output, running until standard input closes.
 *
 * <p>Thread model: the main thread starts the broker and waits; the broker runs its own threads.
 */
public final class TributaryBrokerProcess {

    private TributaryBrokerProcess() {
    }

    public static void main(String[] args) {
        ChildBroker.fail("Tributary's AMQP server (io.tributary.amqp.AmqpServer) is not in this build yet;"
                + " merge main once the amqp-endpoint module has it and rebuild benchmarks.jar", null);
    }
}
