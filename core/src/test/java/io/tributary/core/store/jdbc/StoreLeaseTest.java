package io.tributary.core.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import io.tributary.core.store.StoredReference;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HA lease on a shared PostgreSQL store: one live node at a time, takeover after expiry, fencing. */
@Timeout(120)
class StoreLeaseTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    private static final Duration LEASE = Duration.ofSeconds(1);

    private String url;

    @BeforeEach
    void database() {
        url = POSTGRES.newDatabase();
    }

    @Test
    void oneNodeIsLiveTheOtherStandsByUntilTheLeaseIsGivenUp() throws Exception {
        try (StoreLease a = lease("a"); StoreLease b = lease("b")) {
            assertEquals(1, a.awaitLive(() -> true));
            a.keepRenewing(() -> { });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // three leases: a keeps renewing
            assertEquals(0, b.awaitLive(() -> System.nanoTime() < until));
            assertFalse(b.live());

            CompletableFuture<Long> takeover = CompletableFuture.supplyAsync(() -> awaitLive(b));
            a.close(); // a clean stop gives the lease up
            assertEquals(2, takeover.get(10, TimeUnit.SECONDS));
            assertTrue(b.live());
        }
    }

    @Test
    void aPausedLiveNodeIsFencedItCommitsNothingAfterTheTakeoverAndLearnsItLost() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (StoreLease a = lease("a"); StoreLease b = lease("b")) {
            a.awaitLive(() -> true);
            JdbcMessageStore store = PostgresServer.store(url).fencedBy(a);
            store.start();
            try {
                store.batch().addMessage(1, bytes("before")).addReference("q", ref(1)).commit()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                // a is paused (as by SIGSTOP) before it renews: its lease expires and b takes over; then a resumes
                assertEquals(2, awaitLive(b));
                a.keepRenewing(lost::incrementAndGet);

                CompletionException e = assertThrows(CompletionException.class, () -> store.batch()
                        .addMessage(2, bytes("after")).addReference("q", ref(2)).commit().toCompletableFuture()
                        .join());
                BrokerException cause = assertInstanceOf(BrokerException.class, e.getCause());
                assertTrue(cause.getMessage().contains("no longer the live node"), cause.getMessage());
                await().atMost(Duration.ofSeconds(10)).until(() -> lost.get() == 1);
                assertFalse(a.live());
                assertEquals(List.of(1L), storedIds(), "only what a committed while live is stored");
                assertThrows(CompletionException.class, () -> store.batch().removeReference("q", 1).commit()
                        .toCompletableFuture().join(), "every later batch fails too");
            } finally {
                store.close();
            }
        }
        assertEquals(1, lost.get(), "the lost callback runs once");
    }

    @Test
    void onlyAPostgresStoreCanBeShared() {
        BrokerException e = assertThrows(BrokerException.class, () -> StoreLease.open("jdbc:h2:mem:x", "sa", "",
                "a", LEASE));
        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
    }

    @Test
    void nodesAdvertiseTheirAddressesToEachOther() {
        try (StoreLease a = lease("a"); StoreLease b = lease("b")) {
            a.advertise("amqp://127.0.0.1:5001");
            b.advertise("amqp://127.0.0.1:5002");
            assertEquals(List.of("amqp://127.0.0.1:5002"), a.peers(Duration.ofMinutes(1)));
            assertEquals(List.of("amqp://127.0.0.1:5001"), b.peers(Duration.ofMinutes(1)));
        }
    }

    private StoreLease lease(String node) {
        return StoreLease.open(url, "postgres", "postgres", node, LEASE);
    }

    private static long awaitLive(StoreLease lease) {
        try {
            return lease.awaitLive(() -> true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Long> storedIds() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM tributary_message ORDER BY id")) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static StoredReference ref(long id) {
        return new StoredReference(id, null, 4, 0, 0, 0, null);
    }
}
