package io.tributary.broker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Measures the takeover time of a high-availability pair ({@code ha.mode=shared-store}) on an embedded PostgreSQL:
 * node a is live with a backlog of durable 1 KiB messages in one queue, node b stands by; a is killed (SIGKILL) and
 * the time until b's AMQP port accepts is measured, beside what b logs (the takeover from the moment the lease could
 * be taken, and the recovery). Prints one line per backlog. Not a test: run it by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -q -pl broker -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp broker/target/test-classes:broker/target/classes:$(cat /tmp/cp.txt) \
 *     io.tributary.broker.TakeoverTime 5 0 1000000
 * </pre>
 *
 * <p>Arguments: the lease in seconds, then one backlog size (messages) per measurement.
 */
public final class TakeoverTime {

    private static final Pattern TOOK_OVER = Pattern.compile("took over in (\\d+) ms \\(the lease was free (\\d+) ms"
            + " before it was taken, recovery took (\\d+) ms");
    private static final int FILLERS = 4;
    private static final int WINDOW = 500;

    private TakeoverTime() {
    }

    public static void main(String[] args) throws Exception {
        Duration lease = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 5);
        List<Integer> backlogs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            backlogs.add(Integer.parseInt(args[i]));
        }
        if (backlogs.isEmpty()) {
            backlogs.add(0);
        }
        Path dir = Files.createTempDirectory("tributary-takeover");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int run = 0;
            for (int backlog : backlogs) {
                String db = "takeover_" + ++run;
                try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                measure(dir.resolve(db), postgres.getJdbcUrl("postgres", db), lease, backlog);
            }
        }
    }

    private static void measure(Path dir, String url, Duration lease, int backlog) throws Exception {
        Files.createDirectories(dir);
        int portA = freePort();
        int portB = freePort();
        try (HaBrokerProcess a = new HaBrokerProcess(dir, "a", portA, url, lease).heap("1g");
             HaBrokerProcess b = new HaBrokerProcess(dir, "b", portB, url, lease).heap("1g")) {
            a.start().awaitServing(Duration.ofMinutes(2));
            long filling = System.nanoTime();
            fill(portA, backlog);
            double fillSeconds = (System.nanoTime() - filling) / 1e9;
            b.start().awaitStandingBy(Duration.ofMinutes(2));
            Thread.sleep(lease.toMillis()); // b has advertised and polls the lease
            long killed = System.nanoTime();
            a.kill();
            while (!accepts(portB)) {
                Thread.sleep(5);
            }
            long listening = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            b.awaitServing(Duration.ofMinutes(1));
            Matcher m = TOOK_OVER.matcher(b.currentLog());
            String logged = m.find() ? "takeover " + m.group(1) + " ms (lease free " + m.group(2) + " ms, recovery "
                    + m.group(3) + " ms)" : "no takeover line";
            System.out.printf("lease %d s, backlog %,d x 1 KiB (filled in %.0f s): SIGKILL of the live node -> standby"
                    + " listening %,d ms; the standby logged %s%n", lease.toSeconds(), backlog, fillSeconds, listening,
                    logged);
        }
    }

    /** Sends {@code count} durable 1 KiB messages to the queue {@code backlog}, waiting for every confirmation. */
    private static void fill(int port, int count) throws Exception {
        if (count == 0) {
            return;
        }
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + port);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        byte[] body = new byte[1024];
        for (int t = 0; t < FILLERS; t++) {
            Thread thread = new Thread(() -> {
                try (Connection c = factory.createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer p = s.createProducer(s.createQueue("backlog"));
                    p.setDeliveryMode(DeliveryMode.PERSISTENT);
                    Semaphore window = new Semaphore(WINDOW);
                    CompletionListener done = new CompletionListener() {
                        @Override
                        public void onCompletion(Message message) {
                            window.release();
                        }

                        @Override
                        public void onException(Message message, Exception e) {
                            failure.compareAndSet(null, e);
                            window.release();
                        }
                    };
                    while (next.getAndIncrement() < count && failure.get() == null) {
                        window.acquire();
                        var m = s.createBytesMessage();
                        m.writeBytes(body);
                        p.send(m, done);
                    }
                    window.acquire(WINDOW);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "filler-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
