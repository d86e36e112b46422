package io.tributary.broker;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM for {@link FatalErrorTest}: installs the server's fatal-error handler, lets a thread die of an
 * out-of-memory error, and would then wait forever on its main thread (a JVM that lingers) unless the handler stops it.
 */
public final class FatalErrorVictim {

    private FatalErrorVictim() {
    }

    public static void main(String[] args) throws InterruptedException {
        Main.installFatalErrorHandler();
        Thread worker = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }, "victim-worker");
        worker.start();
        new CountDownLatch(1).await();
    }
}
