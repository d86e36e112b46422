package io.tributary.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The child side of the protocol between {@link LoadTool} and a broker it runs in its own JVM: the child starts
 * its broker, prints one {@value #READY_PREFIX} line with the AMQP port, and runs until its standard input closes
 * (the tool closes it to stop the broker; it also closes if the tool dies, so no broker outlives its tool).
 *
 * <p>A child that cannot start prints one {@value #FAILED_PREFIX} line that says why and exits with status 1.
 *
 * <p>Utility class; the methods are called from the child's main thread.
 */
final class ChildBroker {

    static final String READY_PREFIX = "LOAD-BROKER READY port=";
    static final String FAILED_PREFIX = "LOAD-BROKER FAILED ";
    /** Before the ready line, a child with a management API says its base URL on a line of its own. */
    static final String HTTP_PREFIX = "LOAD-BROKER HTTP ";

    private ChildBroker() {
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago (for brokers that cannot bind port 0 and report it). */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Announces the port, blocks until standard input closes, then runs {@code stop}. */
    static void announceAndServe(int port, AutoCloseable stop) {
        System.out.println(READY_PREFIX + port);
        System.out.flush();
        try {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // the tool writes nothing; reading only waits for the end of the stream
            }
        } catch (IOException e) {
            // a broken pipe means the tool is gone: stop as if asked
        }
        try {
            stop.close();
        } catch (Exception e) {
            System.out.println("stopping the broker failed: " + e);
        }
    }

    /** Prints the failure line for the tool and exits; {@code what} says what failed and what to do. */
    static void fail(String what, Throwable cause) {
        String reason = cause == null ? "" : ": " + rootMessage(cause);
        System.out.println(FAILED_PREFIX + what + reason);
        System.out.flush();
        System.exit(1);
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : " " + message);
    }

    static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a directory tree, best effort (a benchmark's scratch data). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.out.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
