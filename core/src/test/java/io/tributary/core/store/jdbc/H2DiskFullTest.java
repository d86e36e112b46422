package io.tributary.core.store.jdbc;

import static io.tributary.core.store.jdbc.DiskFullVictim.PREFETCH;
import static io.tributary.core.store.jdbc.DiskFullVictim.WORK;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker on an H2 store whose disk fills up (a small tmpfs, or a file size limit where mounting is not allowed:
 * see {@link SmallDisk}), in another JVM ({@link DiskFullVictim}) while a consumer works through a backlog. The log's
 * first line names the full disk; deliveries stop, so that no acknowledgement the store cannot keep piles up; sends
 * are rejected with the cause after the outage limit; once space is freed the broker carries on; a restart keeps
 * every acknowledgement made before, and redelivers at most what was in flight.
 */
@Timeout(180)
class H2DiskFullTest {

    private static final long ROOM = 24L * 1024 * 1024;
    private static final long OUTAGE_LIMIT_MS = 2000;
    /**
     * Beyond the deliveries in flight: the acknowledgements made between the last commit and the failed attempt that
     * stopped deliveries (the consumer takes at most a message each {@link DiskFullVictim#PROCESSING_NANOS}; an attempt
     * on the full disk takes tens of milliseconds, over a hundred on a slow machine). Without the pause, hundreds.
     */
    private static final int MARGIN = PREFETCH;

    @Test
    void namesTheFullDiskStopsDeliveriesRejectsSendsWithTheCauseAndCarriesOnOnceSpaceIsFreed() throws Exception {
        fillsFreesAndRestarts(false);
    }

    @Test
    void theSameWithTheMessagesInTheJournal() throws Exception {
        fillsFreesAndRestarts(true);
    }

    private void fillsFreesAndRestarts(boolean journal) throws Exception {
        try (SmallDisk disk = SmallDisk.create(ROOM)) {
            DiskFullRun run = DiskFullRun.start(disk, OUTAGE_LIMIT_MS, journal);
            try {
                assertNamesTheFullDisk(run.awaitFirstWarning(), disk, journal);
                String rejected = awaitRejection(run);
                assertTrue(rejected.contains(disk.fullText()) && rejected.contains("not stored"), rejected);
                assertFalse(rejected.matches(".*(Exception|\\b(java|javax|org|com|sun)\\.[a-z]+\\.).*"),
                        "a Java class name in the error a client sees: " + rejected);
                System.out.println("while the disk was full: " + run.commitsWhileAcknowledging() + " commits, at"
                        + " most " + run.mostAckedWithoutACommit() + " acknowledgements without one in between");
                assertTrue(run.mostAckedWithoutACommit() <= PREFETCH + MARGIN, run.mostAckedWithoutACommit()
                        + " acknowledgements made while the store could not write; at most the " + PREFETCH
                        + " deliveries in flight may be");

                run.calm();
                disk.free(run.process());
                int acked = run.acked.size();
                int confirmed = run.confirmed.size();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> run.acked.size() >= acked + 500 && run.confirmed.size() >= confirmed + 100);
                run.stop();
            } finally {
                run.kill();
            }
            Set<Long> left = Victim.drainAfterRestart(disk.dataDirectory(), WORK);
            assertEquals(Set.of(), common(left, run.acked), "acknowledged messages back after a restart");
            assertEquals(Set.of(), lost(run, left), "confirmed messages lost");
        }
    }

    @Test
    void aRestartWhileTheDiskIsFullRedeliversAtMostWhatWasInFlight() throws Exception {
        try (SmallDisk disk = SmallDisk.create(ROOM)) {
            DiskFullRun run = DiskFullRun.start(disk, OUTAGE_LIMIT_MS, false);
            try {
                assertNamesTheFullDisk(run.awaitFirstWarning(), disk, false);
                awaitRejection(run); // the disk has been full for the outage limit
            } finally {
                run.kill();
            }
            disk.free(null);
            Set<Long> left = Victim.drainAfterRestart(disk.dataDirectory(), WORK);
            Set<Long> redelivered = common(left, run.delivered);
            Set<Long> ackedBefore = common(left, run.ackedBeforeWarning());
            System.out.println("restart while the disk was full: " + run.acked.size() + " acknowledged, "
                    + run.ackedBeforeWarning().size() + " of them before the disk filled; " + left.size()
                    + " left after the restart, " + redelivered.size() + " of them delivered before ("
                    + ackedBefore.size() + " acknowledged before the disk filled)");
            assertTrue(redelivered.size() <= PREFETCH + MARGIN, redelivered.size() + " messages delivered again"
                    + " after the restart; at most those in flight (" + PREFETCH + " credit, and the"
                    + " acknowledgements the store was writing when the disk filled) may be");
            assertTrue(ackedBefore.size() <= MARGIN, "acknowledged before the disk filled, yet back: "
                    + ackedBefore);
            assertEquals(Set.of(), lost(run, left), "confirmed messages lost");
        }
    }

    /** The first rejected send's error, which comes once the disk has been full for the outage limit. */
    private static String awaitRejection(DiskFullRun run) {
        return await().atMost(Duration.ofMillis(OUTAGE_LIMIT_MS).plusSeconds(60))
                .until(run.rejections::peek, r -> r != null);
    }

    /** The warning names the cause and what could not be written: the H2 file, or with the journal either. */
    private static void assertNamesTheFullDisk(String line, SmallDisk disk, boolean journal) {
        assertTrue(line.contains(disk.fullText()), "the first warning does not name the cause: " + line);
        boolean h2File = line.contains(disk.dataDirectory().resolve("tributary.mv.db").toAbsolutePath().toString());
        boolean journalDirectory = line.contains(disk.dataDirectory().resolve("journal").toAbsolutePath()
                + " (the message journal)");
        assertTrue(h2File || journal && journalDirectory, "the first warning does not name the file: " + line);
        assertFalse(line.contains("unreachable"), line);
    }

    private static Set<Long> lost(DiskFullRun run, Set<Long> left) {
        Set<Long> lost = new TreeSet<>(run.confirmed);
        lost.removeAll(run.acked);
        lost.removeAll(left);
        return lost;
    }

    private static Set<Long> common(Set<Long> a, Set<Long> b) {
        Set<Long> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }
}
