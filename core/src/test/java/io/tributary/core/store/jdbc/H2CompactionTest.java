package io.tributary.core.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StoredReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 file stays compact under many small commits: a backlog written sixteen 1 KiB messages a commit takes
 * less than twice its size on disk, in less than one H2 chunk per two commits. H2 alone, without the store's
 * compaction, took 2.8 times the backlog and a chunk per commit; it keeps each chunk's description in the
 * heap, which is what ran a five-million-message backlog out of memory (see {@link H2Upkeep}).
 */
@Timeout(120)
class H2CompactionTest {

    private static final int COMMITS = 3000;
    private static final int PER_COMMIT = 16;
    private static final int SIZE = 1024;

    @TempDir
    Path dataDirectory;

    @Test
    void keepsTheFileUnderTwiceTheBacklogItHoldsDespiteSmallCommits() throws Exception {
        long id = 0;
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory).journal(false)) {
            store.start();
            for (int c = 0; c < COMMITS; c++) {
                MessageStore.StoreBatch batch = store.batch();
                for (int m = 0; m < PER_COMMIT; m++) {
                    id++;
                    batch.addMessage(id, new byte[SIZE]).addReference("backlog",
                            new StoredReference(id, null, 4, 0, 0, 0, null));
                }
                batch.commit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            }
            assertEquals(id, store.countReferences("backlog"));
            long backlog = id * SIZE;
            long file = Files.size(dataDirectory.resolve("tributary.mv.db"));
            Map<String, String> info = H2Figures.read(store.url(), "CHUNK_COUNT", "CHUNKS_FILL_RATE");
            assertTrue(file < 2 * backlog, "the H2 file takes " + file + " bytes for a backlog of " + backlog
                    + " bytes; " + info);
            assertTrue(Long.parseLong(info.get("CHUNK_COUNT")) < COMMITS / 2, "H2 holds too many chunks: " + info);
        }
    }

    /**
     * A queue consumed while it is sent to, one commit at a time, with a backlog that grows by one message a
     * commit: each commit adds two messages and acknowledges the oldest one. The messages still queued are spread
     * over the chunks of many commits, which H2 frees only once all their pages died. Once H2's retention time
     * (1 s) has passed, so that the chunks the last commits left dead are freed, fewer than one chunk per six
     * commits is left (about one per twenty with the store's compaction; without it, more than one per six stayed).
     * The file's size is not checked here: H2 reuses the space of freed chunks but does not shrink the file, so its
     * size depends on how many dead chunks the fastest second of commits left behind (a clean run on an idle machine
     * left 57 MB for a 4 MB backlog, a loaded one less); the first test bounds the file.
     */
    @Test
    void keepsTheChunkCountBoundedWhileAQueueIsSentToAndConsumed() throws Exception {
        int commits = 4000;
        long oldest = 1;
        long id = 0;
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory).journal(false)) {
            store.start();
            for (int c = 0; c < commits; c++) {
                MessageStore.StoreBatch batch = store.batch();
                for (int m = 0; m < 2; m++) {
                    id++;
                    batch.addMessage(id, new byte[SIZE]).addReference("live",
                            new StoredReference(id, null, 4, 0, 0, 0, null));
                }
                batch.removeReference("live", oldest++);
                batch.commit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            }
            long backlog = id - oldest + 1;
            assertEquals(backlog, store.countReferences("live"));
            // H2 frees dead chunks when it writes the next one: a small commit now and then until it has
            AtomicLong tick = new AtomicLong(id);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                long t = tick.incrementAndGet();
                store.batch().addMessage(t, new byte[1]).addReference("tick",
                        new StoredReference(t, null, 4, 0, 0, 0, null)).commit().toCompletableFuture()
                        .orTimeout(30, TimeUnit.SECONDS).join();
                return Long.parseLong(H2Figures.read(store.url(), "CHUNK_COUNT").get("CHUNK_COUNT")) < commits / 6;
            });
        }
    }
}
