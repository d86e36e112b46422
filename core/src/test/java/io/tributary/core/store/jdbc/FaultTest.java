package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * How a failure's exception chain becomes a kind and a reason, on chains shaped like those the drivers throw (the
 * messages are theirs; H2DiskFullTest and PostgresOutageTest see the real ones).
 */
class FaultTest {

    @Test
    void aFullDiskUnderH2IsCannotWriteWithTheOperatingSystemsWords() {
        IOException io = new IOException("No space left on device");
        RuntimeException mvStore = new IllegalStateException("Writing to sun.nio.ch.FileChannelImpl@3cce57c7 failed;"
                + " length 32768 at 8388608 [2.3.232/2]", io);
        SQLException h2 = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to"
                + " sun.nio.ch.FileChannelImpl@3cce57c7 failed\"; SQL statement:\nCOMMIT [50000-232]", "HY000", 50000,
                mvStore);

        Fault fault = Fault.of(h2, true);

        assertEquals(Fault.Kind.CANNOT_WRITE, fault.kind());
        assertEquals("No space left on device", fault.reason());
        assertEquals("the disk is full: free space on it", fault.advice());
    }

    @Test
    void aFileSizeLimitIsCannotWrite() {
        Fault fault = Fault.of(new SQLException("General error", "HY000", 50000,
                new IllegalStateException("Writing failed", new IOException("File too large"))), false);

        assertEquals(Fault.Kind.CANNOT_WRITE, fault.kind());
        assertEquals("File too large", fault.reason());
    }

    @Test
    void postgresqlsDiskFullStateIsCannotWriteInItsOwnWordsFromTheBatchsNextException() {
        SQLException server = new SQLException("ERROR: could not extend file \"base/13757/16390\": No space left on"
                + " device\n  Hint: Check free disk space.", "53100");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO tributary_message was"
                + " aborted", "53100", new int[0]);
        batch.setNextException(server);

        Fault fault = Fault.of(batch, false);

        assertEquals(Fault.Kind.CANNOT_WRITE, fault.kind());
        assertEquals("ERROR: could not extend file \"base/13757/16390\": No space left on device Hint: Check free"
                + " disk space.", fault.reason());
        assertEquals("the disk is full: free space on it", fault.advice());
    }

    @Test
    void aRefusedConnectionIsUnreachableInTheDriversWords() {
        SQLException pg = new SQLException("Connection to 127.0.0.1:5432 refused. Check that the hostname and port"
                + " are correct.", "08001", new ConnectException("Connection refused"));
        SQLTransientConnectionException pool = new SQLTransientConnectionException("tributary-store - Connection is"
                + " not available, request timed out after 2000ms", "08001", pg);

        Fault fault = Fault.of(pool, true);

        assertEquals(Fault.Kind.UNREACHABLE, fault.kind());
        assertEquals("Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct.",
                fault.reason());
    }

    @Test
    void aConnectionThatEndsMidAnswerIsUnreachableNotADiskError() {
        Fault fault = Fault.of(new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new EOFException()), true);

        assertEquals(Fault.Kind.UNREACHABLE, fault.kind());
    }

    @Test
    void h2sClosedDatabaseIsUnreachable() {
        Fault fault = Fault.of(new SQLNonTransientConnectionException("The database has been closed [90098-232]",
                "90098", 90098), true);

        assertEquals(Fault.Kind.UNREACHABLE, fault.kind());
        assertEquals("The database has been closed [90098-232]", fault.reason());
    }

    @Test
    void pgjdbcsAssertionOnAClosedConnectionReadsAsABrokenConnection() {
        Fault fault = Fault.of(new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw"),
                true);

        assertEquals(Fault.Kind.UNREACHABLE, fault.kind());
        assertEquals("the connection broke during the write", fault.reason());
    }

    @Test
    void aStatementTheDatabaseRefusesIsRefused() {
        Fault fault = Fault.of(new SQLException("value too long for type character varying(64)", "22001"), false);

        assertEquals(Fault.Kind.REFUSED, fault.kind());
        assertEquals(false, fault.retryable());
    }

    @Test
    void h2NamesItsDataFileAndOtherDatabasesTheirUrl() {
        H2Dialect h2 = new H2Dialect();
        assertEquals("/data/tributary.mv.db", h2.location("jdbc:h2:file:/data/tributary;CACHE_SIZE=16384"));
        assertEquals("./db.mv.db", h2.location("jdbc:h2:./db"));
        assertEquals("the database at jdbc:h2:mem:x", h2.location("jdbc:h2:mem:x"));
        assertEquals("the database at jdbc:h2:tcp://host/x", h2.location("jdbc:h2:tcp://host/x"));
        assertEquals("the database at jdbc:postgresql://db/t",
                new PostgresDialect().location("jdbc:postgresql://db/t"));
    }
}
