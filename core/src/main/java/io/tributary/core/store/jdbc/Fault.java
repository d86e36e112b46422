package io.tributary.core.store.jdbc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Why the database failed a transaction or a load, in words a person can act on: the kind of trouble and its root
 * cause, found by walking the exception chain (causes and JDBC's next exceptions). Immutable.
 *
 * <p>Design note: drivers wrap the cause deeply. H2 reports a full disk as {@code General error:
 * "org.h2.mvstore.MVStoreException: Writing to sun.nio.ch.FileChannelImpl@3cce57c7 failed; length 32768 at
 * 8388608"}, and only the {@link IOException} under it says {@code No space left on device}; then H2 closes the
 * database, so the next attempt reads {@code The database has been closed}. PostgreSQL says what it could not do
 * in its own text with SQLState 53100 (disk full) or 58030 (I/O error), and a refused connection under pool
 * wrappers. So the reason is the deepest file {@link IOException}'s message when there is one, else the deepest
 * {@link SQLException}'s text (the database's own words), on one line.
 *
 * @param kind   what the trouble is
 * @param reason the root cause in the database's or operating system's words, one line
 * @param cause  the exception
 */
record Fault(Kind kind, String reason, Throwable cause) {

    /** The kinds of trouble, by what helps. */
    enum Kind {
        /** The database cannot be reached (or closed itself): waiting and retrying helps. */
        UNREACHABLE,
        /** The database answers but cannot write (disk full, file too large, I/O error): freeing space helps. */
        CANNOT_WRITE,
        /** The database refused the statements: writing the same batch again will not help. */
        REFUSED
    }

    private static final int MAX_REASON = 400;

    /** Classifies a failure; {@code connectionBroken} when the connection no longer answered afterwards. */
    static Fault of(Throwable failure, boolean connectionBroken) {
        List<Throwable> chain = chain(failure);
        IOException file = deepestFileError(chain);
        Kind kind;
        if (file != null || chain.stream().anyMatch(Fault::writeStateOf)) {
            kind = Kind.CANNOT_WRITE;
        } else if (connectionBroken || chain.stream().anyMatch(t -> t instanceof SQLException e
                && Jdbc.connectionLost(e))) {
            kind = Kind.UNREACHABLE;
        } else {
            kind = Kind.REFUSED;
        }
        return new Fault(kind, reason(chain, file), failure);
    }

    /** The root cause of {@code failure} in words, on one line (for messages about loads and start-up). */
    static String reason(Throwable failure) {
        List<Throwable> chain = chain(failure);
        return reason(chain, deepestFileError(chain));
    }

    /** True when waiting (and freeing space) may let the same batch be written. */
    boolean retryable() {
        return kind != Kind.REFUSED;
    }

    /** What a {@link Kind#CANNOT_WRITE} reason means and what to do about it. */
    String advice() {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("no space left") || r.contains("disk full") || r.contains("could not extend file")) {
            return "the disk is full: free space on it";
        }
        if (r.contains("file too large")) {
            return "the file has reached the largest size the file system or the broker's ulimit -f allows: raise"
                    + " that limit or move the store to another file system";
        }
        if (r.contains("quota")) {
            return "the disk quota is used up: raise it or free space";
        }
        if (r.contains("read-only")) {
            return "the file system is read-only: make it writable";
        }
        return "check the disk and its file system";
    }

    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); ) {
            chain.add(t);
            Throwable next = t.getCause();
            if (next == null && t instanceof SQLException e) {
                next = e.getNextException(); // pgjdbc puts the server's error of a failed batch there
            }
            t = next;
        }
        return chain;
    }

    /** An I/O error from a file rather than from a network connection (those are the database being away). */
    private static IOException deepestFileError(List<Throwable> chain) {
        IOException found = null;
        for (Throwable t : chain) {
            if (t instanceof IOException io && io.getMessage() != null && !(io instanceof EOFException)
                    && !(io instanceof InterruptedIOException) && !io.getClass().getName().startsWith("java.net.")
                    && !io.getClass().getName().startsWith("javax.net.")) {
                found = io;
            }
        }
        return found;
    }

    /** SQLState class 53 (insufficient resources: 53100 is disk full) or 58030 (I/O error), as PostgreSQL uses. */
    private static boolean writeStateOf(Throwable t) {
        String state = t instanceof SQLException e ? e.getSQLState() : null;
        return state != null && (state.startsWith("53") && !state.equals("53300") || state.equals("58030"));
    }

    private static String reason(List<Throwable> chain, IOException file) {
        if (chain.size() == 1 && chain.get(0) instanceof AssertionError) {
            return "the connection broke during the write"; // pgjdbc's assertion when it finds its connection closed
        }
        Throwable source = file;
        for (int i = chain.size() - 1; source == null && i >= 0; i--) {
            if (chain.get(i) instanceof SQLException && chain.get(i).getMessage() != null) {
                source = chain.get(i);
            }
        }
        for (int i = chain.size() - 1; source == null && i >= 0; i--) {
            if (chain.get(i).getMessage() != null) {
                source = chain.get(i);
            }
        }
        if (source == null) {
            return "no details given";
        }
        String text = source.getMessage().replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}
