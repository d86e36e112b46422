package io.tributary.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer does after each commit on H2: every {@value #COMPACT_EVERY} commits it compacts a little of
 * the file, then it forces the commit to disk ({@code CHECKPOINT SYNC}).
 *
 * <p>Design note: H2 writes each commit as a new chunk of B-tree pages and frees a chunk only once none of its
 * pages is live. The store commits often and small (a group of sends or acknowledgements), so most chunks keep
 * a few live pages among many dead ones. H2's own compaction runs on its background thread, which the store
 * switches off (WRITE_DELAY=0, so that a commit is written before it returns); without compaction the chunks
 * pile up, and H2 keeps about 130 bytes of heap per chunk: 107,000 chunks for a million 1 KiB messages sent by
 * 16 producers, and a backlog of five million failed to drain with a 512 MiB heap. So the writer rewrites the
 * live pages of the emptiest chunks itself, at most {@value #COMPACT_BYTES} bytes each time, while the chunks
 * are on average less than {@value #TARGET_FILL_RATE} % full: a tenth of the chunks, and a third of the file.
 * (H2 counts in that average the dead chunks it keeps for the retention time, so under steady load the step runs
 * every time; compacting every 64 or 256 commits instead saved a few per cent of the writer's CPU but left about
 * twice the chunks, see RESULTS.md.)
 * This uses H2's {@link MVStore} directly, the one place outside JDBC; a connection that is not H2's embedded
 * kind (a tcp:// URL) skips compaction.
 *
 * <p>Not thread-safe: confined to the store's writer thread.
 */
final class H2Upkeep implements Dialect.AfterCommit {

    private static final Logger LOG = LoggerFactory.getLogger(H2Upkeep.class);
    static final int COMPACT_EVERY = 16;
    static final int COMPACT_BYTES = 8 * 1024 * 1024;
    static final int TARGET_FILL_RATE = 70;

    private MVStore store;
    private boolean embedded = true;
    private long commits;

    @Override
    public void afterCommit(WriterConnection c) throws SQLException {
        if (++commits % COMPACT_EVERY == 0) {
            compact(c.connection());
        }
        c.prepare("CHECKPOINT SYNC").execute();
    }

    private void compact(Connection c) throws SQLException {
        if (!embedded) {
            return;
        }
        if (store == null || store.isClosed()) {
            store = embeddedStore(c);
            if (store == null) {
                LOG.info("H2 store: the database runs in another process; its own settings decide compaction");
                embedded = false;
                return;
            }
        }
        store.compact(TARGET_FILL_RATE, COMPACT_BYTES);
    }

    /** The MVStore under an H2 connection to a database in this process, or null for a tcp:// one. */
    static MVStore embeddedStore(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                ? session.getDatabase().getStore().getMvStore() : null;
    }
}
