package io.tributary.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of the database, so that a test can take the database away from the brokers and
 * give it back: {@link #cut} closes every connection through it and makes it close new ones at once (the database
 * looks gone, as when its host or the network fails); {@link #restore} lets connections through again.
 *
 * <p>Thread-safe: an accepting thread and two copying threads per connection, all daemons.
 */
final class DatabaseProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    private DatabaseProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** A proxy on a free port of 127.0.0.1 to {@code targetPort} on 127.0.0.1. */
    static DatabaseProxy to(int targetPort) throws IOException {
        DatabaseProxy p = new DatabaseProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        daemon(p::accept, "db-proxy-accept");
        return p;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection through the proxy; new ones are closed at once until {@link #restore}. */
    void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                daemon(() -> copy(client, target), "db-proxy-up");
                daemon(() -> copy(target, client), "db-proxy-down");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies until either side closes, then closes both. */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut: the connection ends
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
