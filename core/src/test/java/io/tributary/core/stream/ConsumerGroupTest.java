package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Outcome;
import io.tributary.core.StreamOffset;
import io.tributary.core.TransactionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConsumerGroupTest {

    private final StreamFixture f = new StreamFixture().stream("orders", 1).stream("wide", 6);

    @AfterEach
    void close() {
        f.close();
    }

    private static ConsumerSpec member(String stream, String group, boolean shared) {
        return ConsumerSpec.on(stream).subscription(group, true, shared).streamOffset(StreamOffset.FIRST);
    }

    private StreamSink join(String stream, String group, int credit) {
        return StreamFixture.read(f.connection.createSession(), member(stream, group, true), credit);
    }

    private void sendNumbered(String stream, int from, int to) {
        for (int i = from; i < to; i++) {
            f.send(stream, "m" + i);
        }
    }

    @Test
    void aGroupOfThreeMembersSplitsSixPartitionsAndRebalancesWhenOneCloses() {
        List<StreamSink> members = new ArrayList<>(List.of(join("wide", "g", 500), join("wide", "g", 500),
                join("wide", "g", 500)));
        sendNumbered("wide", 0, 60);
        assertSplit(members, 20, 2);
        members.remove(1).consumer().close();
        sendNumbered("wide", 60, 120);
        assertSplit(members, 30, 3);
        members.forEach(StreamSink::assertNothingMore);
    }

    /** Each member gets {@code each} deliveries from {@code partitions} partitions of its own; accepts them. */
    private static void assertSplit(List<StreamSink> members, int each, int partitions) {
        Set<Integer> all = new HashSet<>();
        for (StreamSink m : members) {
            Set<Integer> mine = new TreeSet<>();
            m.accept(each).forEach(s -> mine.add(s.partition()));
            assertEquals(partitions, mine.size(), "partitions of one member: " + mine);
            mine.forEach(p -> assertTrue(all.add(p), "partition " + p + " has two owners"));
        }
        assertEquals(6, all.size());
    }

    @Test
    void aMemberClosedMidBatchIsResumedFromTheCommittedOffset() {
        sendNumbered("orders", 0, 10);
        StreamSink killed = join("orders", "g", 100);
        List<StreamSink.Seen> batch = killed.next(10);
        batch.subList(0, 4).forEach(s -> killed.consumer().settle(s.id(), Outcome.ACCEPTED, null));
        killed.consumer().close();
        StreamSink next = join("orders", "g", 100);
        List<StreamSink.Seen> again = next.next(6);
        assertEquals(List.of("m4", "m5", "m6", "m7", "m8", "m9"), again.stream().map(StreamSink.Seen::text).toList());
        assertTrue(again.stream().allMatch(s -> s.deliveryCount() == 1), "re-read deliveries count as redelivered");
        next.assertNothingMore();
    }

    @Test
    void unacknowledgedDeliveriesOfAMovedPartitionAreReadAgainByTheNewOwner() {
        sendNumbered("wide", 0, 12);
        StreamSink first = join("wide", "g", 100);
        first.next(12);
        StreamSink second = join("wide", "g", 100);
        List<StreamSink.Seen> moved = second.next(6);
        assertEquals(Set.of(1, 3, 5), new TreeSet<>(moved.stream().map(StreamSink.Seen::partition).toList()));
        second.assertNothingMore();
    }

    @Test
    void theCommitAdvancesCumulativelyAndAGapHoldsItBack() {
        sendNumbered("orders", 0, 5);
        StreamSink m = join("orders", "g", 100);
        List<StreamSink.Seen> got = m.next(5);
        for (int i : new int[] {0, 1, 3, 4}) {
            m.consumer().settle(got.get(i).id(), Outcome.ACCEPTED, null);
        }
        m.consumer().close();
        StreamSink again = join("orders", "g", 100);
        StreamSink.Seen gap = again.next();
        assertEquals("m2", gap.text(), "the commit stopped at the gap; acknowledged ones are not read again");
        again.assertNothingMore();
        again.consumer().settle(gap.id(), Outcome.ACCEPTED, null);
        again.consumer().close();
        StreamSink after = join("orders", "g", 100);
        after.assertNothingMore();
        after.consumer().addCredit(10);
        f.send("orders", "m5");
        assertEquals("m5", after.next().text());
    }

    @Test
    void aReleasedDeliveryComesAgainToTheMember() {
        sendNumbered("orders", 0, 2);
        StreamSink m = join("orders", "g", 100);
        StreamSink.Seen a = m.next();
        m.next();
        m.consumer().settle(a.id(), Outcome.RELEASED, null);
        StreamSink.Seen again = m.next();
        assertEquals("m0", again.text());
        assertEquals(1, again.deliveryCount());
    }

    @Test
    void aTransactedAcknowledgementCountsOnCommitAndARollbackReadsAgain() {
        sendNumbered("orders", 0, 2);
        StreamSink m = join("orders", "g", 100);
        StreamSink.Seen m0 = m.next();
        StreamSink.Seen m1 = m.next();
        TransactionId rolledBack = f.session.beginTransaction();
        m.consumer().settle(m0.id(), Outcome.ACCEPTED, rolledBack);
        StreamFixture.join(f.session.rollback(rolledBack));
        StreamSink.Seen again = m.next();
        assertEquals("m0", again.text());
        assertEquals(1, again.deliveryCount());
        TransactionId committed = f.session.beginTransaction();
        m.consumer().settle(again.id(), Outcome.ACCEPTED, committed);
        m.consumer().settle(m1.id(), Outcome.ACCEPTED, committed);
        m.consumer().close();
        StreamSink beforeCommit = join("orders", "g", 100);
        assertEquals(List.of("m0", "m1"), beforeCommit.texts(2), "not committed yet: read again");
        beforeCommit.consumer().close();
        StreamFixture.join(f.session.commit(committed));
        join("orders", "g", 100).assertNothingMore();
    }

    @Test
    void aPreSettledMemberCommitsAsItReceives() {
        sendNumbered("orders", 0, 3);
        ConsumerSpec atMostOnce = member("orders", "g", true).preSettled(true);
        StreamSink m = StreamFixture.read(f.connection.createSession(), atMostOnce, 100);
        m.next(3);
        m.consumer().close();
        StreamSink again = StreamFixture.read(f.connection.createSession(), atMostOnce, 100);
        again.assertNothingMore();
    }

    @Test
    void aSharedNonDurableSubscriptionSplitsThePartitionsAndEndsWithItsLastMember() {
        ConsumerSpec shared = ConsumerSpec.on("wide").subscription("s", false, true).streamOffset(StreamOffset.FIRST);
        StreamSink a = StreamFixture.read(f.connection.createSession(), shared, 100);
        StreamSink b = StreamFixture.read(f.connection.createSession(), shared, 100);
        sendNumbered("wide", 0, 12);
        Set<Integer> ofA = new TreeSet<>();
        a.accept(6).forEach(s -> ofA.add(s.partition()));
        Set<Integer> ofB = new TreeSet<>();
        b.accept(6).forEach(s -> ofB.add(s.partition()));
        assertEquals(Set.of(0, 2, 4), ofA);
        assertEquals(Set.of(1, 3, 5), ofB);
        a.consumer().close();
        b.consumer().close();
        StreamSink fresh = StreamFixture.read(f.connection.createSession(), shared, 100);
        assertEquals(12, fresh.next(12).size(), "a new subscription starts over at its own offset");
    }

    @Test
    void aGroupGivesUpOnAnEntryAfterMaxDeliveryAttemptsFailures() {
        f.stream("poisoned", AddressSettings.DEFAULTS.withMaxDeliveryAttempts(2).withStream(1, null, 0, 0, null));
        sendNumbered("poisoned", 0, 2);
        StreamSink m = join("poisoned", "g", 100);
        StreamSink.Seen poison = m.next();
        StreamSink.Seen fine = m.next();
        m.consumer().settle(poison.id(), Outcome.FAILED, null);
        StreamSink.Seen again = m.next();
        assertEquals("m0", again.text());
        assertEquals(1, again.deliveryCount());
        m.consumer().settle(again.id(), Outcome.FAILED, null);
        m.consumer().settle(fine.id(), Outcome.ACCEPTED, null);
        m.assertNothingMore();
        m.consumer().close();
        join("poisoned", "g", 100).assertNothingMore();
    }

    @Test
    void aNonSharedGroupTakesOneMember() {
        f.read(member("orders", "solo", false), 1);
        BrokerException e = assertThrows(BrokerException.class, () -> f.read(member("orders", "solo", false), 1));
        assertEquals(BrokerException.Kind.IN_USE, e.kind());
    }

    @Test
    void aNewGroupStartsAtItsFirstMembersOffsetElseNext() {
        sendNumbered("orders", 0, 3);
        assertEquals(List.of("m0", "m1", "m2"), join("orders", "from-first", 10).texts(3));
        StreamSink fromNext = StreamFixture.read(f.connection.createSession(),
                ConsumerSpec.on("orders").subscription("from-next", true, true), 10);
        f.send("orders", "m3");
        assertEquals("m3", fromNext.next().text());
        fromNext.assertNothingMore();
    }

    @Test
    void groupsKeepIndependentOffsets() {
        sendNumbered("orders", 0, 4);
        join("orders", "a", 10).accept(4);
        assertEquals(List.of("m0", "m1", "m2", "m3"), join("orders", "b", 10).texts(4));
    }
}
