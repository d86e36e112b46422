package io.tributary.core.store.jdbc;

import io.tributary.core.ClientText;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.StoredReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages and queue references of an H2 store, kept in an append-only log of segment files beside the
 * database instead of in its tables: a durable send is one record appended and one sync, an acknowledgement a
 * record of a few dozen bytes in the next sync. Addresses, queues, streams, duplicate ids and trace events stay in
 * H2 ({@link GroupWriter} splits each group).
 *
 * <p>Layout: {@code <dir>/NNNNNNNNNN.seg}, each up to {@code segmentSize} and filled with zeros ahead of the
 * records ({@link #extend}), a header (magic, the highest message id and marker when the segment
 * was started) and then records ({@link JournalCodec}). A record that does not parse or whose checksum does not
 * match ends its segment: a write that was torn by a crash, or failed (the writer then moves to a new segment).
 * Every start begins a new segment, so nothing is ever written after a torn tail.
 *
 * <p>A group that also writes H2 (a transaction with a stream append, a queue deletion) is written here first with
 * a marker, then H2 commits the rest and sets its {@code journal-marker} counter to that marker in the same
 * transaction. At a start a marked record counts only if H2's counter reached its marker and H2 holds no void of it
 * (a counter row {@code journal-void-<marker>}): the writer voids a marker whose H2 commit failed, and a start every
 * marker beyond the counter, in the same H2 transaction as the next marker it sets, so before the counter can pass
 * them. So one commit, H2's, decides the group, and a start reads the segments once.
 *
 * <p>In memory: every live message's place (segment, offset, length) and every live reference with its fields,
 * per queue in message-id order, and each segment's live bytes. A segment with nothing live at the front of the
 * log is deleted; the oldest segment is rewritten (its live records appended anew, then deleted) when at most a
 * quarter of it is live, or when the log holds more than twice its live bytes. A reference whose message record
 * is in an older segment keeps that segment live.
 *
 * <p>Thread-safe: the writer thread alone appends, applies and reclaims; loads run on any thread. The index is
 * guarded by {@code this}; message bodies are read outside the lock (a body moved or deleted meanwhile makes the
 * load look again).
 */
final class MessageJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageJournal.class);
    private static final byte[] MAGIC = "TRIBJRN1".getBytes(StandardCharsets.US_ASCII);
    /** Magic, the highest message id, the highest marker. */
    static final int SEGMENT_HEADER = 24;
    static final long DEFAULT_SEGMENT_SIZE = 32L * 1024 * 1024;
    private static final String SUFFIX = ".seg";
    /**
     * The marker of a record that restates live records (a rewrite, messages moved in from the tables): it counts
     * without a marker, and its messages may already be live (their bodies move).
     */
    static final long RESTATE = -1;
    /** Most message bytes one rewrite step moves. */
    static final int REWRITE_BYTES = 1024 * 1024;
    /** Entries in later segments in a row after which a rewrite step stops looking through a queue. */
    static final int REWRITE_SKIP = 4096;
    /** Zeros written ahead of the records at a time. */
    static final int EXTENT = 1024 * 1024;

    /**
     * Whether records of the current segment were appended without a sync since its last one. Writer thread only.
     */
    private volatile boolean unsynced;
    /** Live references in every queue's index. */
    private final AtomicLong references = new AtomicLong();
    /**
     * Heap per live reference, measured with {@code JournalHeap} (2 million messages of one reference each: 29
     * bytes a message, chunks of primitive arrays and their map).
     */
    static final long INDEX_BYTES_PER_REFERENCE = 29;
    /** Syncs of records so far (for tests and metrics). */
    private final AtomicLong syncs = new AtomicLong();

    private static final class Segment {
        final int number;
        final Path path;
        final FileChannel channel;
        /** Where the next record goes (the end of the valid records). */
        long end;
        /** Bytes of records still live in this segment. */
        long live;
        /** The file's length: zeros are written ahead of the records (see {@link #extend}), synced. */
        volatile long allocated;

        Segment(int number, Path path, FileChannel channel, long end) {
            this.number = number;
            this.path = path;
            this.channel = channel;
            this.end = end;
        }
    }

    /** A record written and synced but not yet applied to the index. */
    record Appended(int segment, long at, List<Op> ops, List<long[]> bodies, long marker) {
    }

    private final Path dir;
    private final long segmentSize;
    private final JournalCodec codec = new JournalCodec();
    private final ConcurrentSkipListMap<Integer, Segment> segments = new ConcurrentSkipListMap<>();
    /** Each queue's live references, with where their messages' bodies are. */
    private final Map<String, RefIndex> queues = new HashMap<>();
    /** Each address's remembered duplicate ids: id to {sequence, segment of its record, bytes}. */
    private final Map<String, Map<String, long[]>> duplicates = new HashMap<>();
    /** How many live references a message has, for the messages with two or more (a topic's). */
    private final LongIntMap shared = new LongIntMap();
    private Segment current;
    /**
     * Writes and syncs zeros ahead of the current segment's records, and the next segment file, off the writer
     * thread: the writer then finds its space ready (a 1 MiB extension synced on the writer thread, or a new file
     * and a directory sync, held up every send waiting behind it).
     */
    private final ExecutorService allocator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-journal-allocate");
        t.setDaemon(true);
        return t;
    });
    /** The extension of the current segment in flight, or null (writer thread). */
    private Future<?> extending;
    /** The next segment's file, made ahead, or null (writer thread). */
    private Future<Segment> prepared;
    /** Set when a write failed: the next append starts a new segment (nothing is written after a bad tail). */
    private boolean broken;
    private long liveBytes;
    private long totalBytes;
    private volatile long maxMessageId;
    private long lastMarker;
    /** Markers of groups whose H2 part failed (or left by a crash), to void in H2 with the next marker it sets. */
    private final List<Long> voids = new ArrayList<>();

    private MessageJournal(Path dir, long segmentSize) {
        this.dir = dir;
        this.segmentSize = segmentSize;
    }

    /**
     * Opens (or creates) the journal in {@code dir} and reads it back: a marked record counts when its marker is
     * at most {@code committedMarker} and not in {@code voidedInDatabase} (the voids H2 holds).
     */
    static MessageJournal open(Path dir, long segmentSize, long committedMarker, Set<Long> voidedInDatabase)
            throws IOException {
        Files.createDirectories(dir);
        MessageJournal j = new MessageJournal(dir, segmentSize);
        j.recover(committedMarker, voidedInDatabase);
        j.lastMarker = Math.max(j.lastMarker, committedMarker);
        j.roll();
        return j;
    }

    // ---- recovery

    private void recover(long committedMarker, Set<Long> voidedInDatabase) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("\\d{10}\\" + SUFFIX)).sorted().toList();
        }
        // one pass: a marked record counts when H2's counter reached its marker and H2 holds no void of it
        for (Path file : files) {
            byte[] data = Files.readAllBytes(file);
            if (data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, new byte[MAGIC.length], 0,
                    MAGIC.length)) {
                Files.delete(file); // made ahead and never started
                continue;
            }
            if (data.length < SEGMENT_HEADER || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
                Files.move(file, aside);
                LOG.warn("journal segment {} has no valid header; nothing in it is read (kept as {})",
                        file.getFileName(), aside.getFileName());
                continue;
            }
            long end = validEnd(data, marker -> {
                lastMarker = Math.max(lastMarker, marker);
                if (marker > committedMarker && !voids.contains(marker)) {
                    voids.add(marker); // never committed: voided in H2 before the counter can pass it
                }
            });
            int number = Integer.parseInt(file.getFileName().toString().substring(0, 10));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment segment = new Segment(number, file, channel, end);
            segment.allocated = data.length;
            segments.put(number, segment);
            ByteBuffer header = ByteBuffer.wrap(data, 8, 16);
            maxMessageId = Math.max(maxMessageId, header.getLong());
            lastMarker = Math.max(lastMarker, header.getLong());
            replay(segment, data, marker -> marker <= 0
                    || marker <= committedMarker && !voidedInDatabase.contains(marker));
        }
        // references whose message record is gone (none unless a segment was lost)
        for (Map.Entry<String, RefIndex> q : queues.entrySet()) {
            List<Long> lost = new ArrayList<>();
            q.getValue().forEach((c, i) -> {
                if (c.places[i] == RefIndex.UNKNOWN) {
                    lost.add(c.ids[i]);
                }
                return true;
            });
            for (long id : lost) {
                LOG.warn("journal {}: a reference of queue '{}' to message {} has no message record; it is dropped",
                        dir, ClientText.safe(q.getKey()), id);
                q.getValue().remove(id);
                setRefCount(id, shared.get(id) - 1);
            }
        }
        queues.values().removeIf(RefIndex::isEmpty);
        recount();
    }

    /** Computes every segment's live bytes from the index. */
    private void recount() {
        liveBytes = 0;
        totalBytes = 0;
        for (Segment s : segments.values()) {
            totalBytes += s.end;
            s.live = 0;
        }
        for (Map<String, long[]> ids : duplicates.values()) {
            ids.values().forEach(d -> live((int) d[1], d[2]));
        }
        LongIntMap counted = new LongIntMap();
        for (Map.Entry<String, RefIndex> q : queues.entrySet()) {
            String queue = q.getKey();
            RefIndex index = q.getValue();
            index.forEach((c, i) -> {
                long bytes = refBytes(queue, index.extra(c.ids[i]));
                live(c.refSegments[i], bytes);
                if (shared.get(c.ids[i]) < 2 || counted.add(c.ids[i], 1) == 1) {
                    live(segmentOf(c.places[i]), messageBytes(c.lengths[i]));
                }
                return true;
            });
        }
    }

    private interface RecordVisitor {
        void visit(long marker);
    }

    /** The end of the valid records of a segment file; calls {@code visitor} with each record's marker. */
    private static long validEnd(byte[] data, RecordVisitor visitor) {
        int at = SEGMENT_HEADER; // the header was checked
        ByteBuffer b = ByteBuffer.wrap(data);
        while (at + JournalCodec.HEADER <= data.length) {
            int length = b.getInt(at);
            int crc = b.getInt(at + 4);
            if (length < 8 || length > data.length - at - JournalCodec.HEADER
                    || JournalCodec.crc(data, at + JournalCodec.HEADER, length) != crc) {
                break;
            }
            visitor.visit(b.getLong(at + JournalCodec.HEADER));
            at += JournalCodec.HEADER + length;
        }
        return at;
    }


    /** Whether a record with this marker counts. */
    private interface Counting {
        boolean counts(long marker);
    }

    private void replay(Segment s, byte[] data, Counting counting) {
        ByteBuffer b = ByteBuffer.wrap(data);
        int at = SEGMENT_HEADER;
        while (at < s.end) {
            int length = b.getInt(at);
            JournalCodec.Payload p;
            try {
                p = JournalCodec.decode(ByteBuffer.wrap(data, at + JournalCodec.HEADER, length).slice());
            } catch (IllegalArgumentException e) {
                LOG.warn("journal segment {}: a record at {} with a valid checksum {}; the rest of the segment is not"
                        + " read", s.path.getFileName(), at, e.getMessage());
                s.end = at;
                return;
            }
            if (counting.counts(p.marker())) {
                for (long[] body : p.bodies()) {
                    body[1] += JournalCodec.HEADER; // from the record's start
                }
                applyRecord(s.number, at, p.ops(), p.bodies(), p.marker() == RESTATE);
            }
            at += JournalCodec.HEADER + length;
        }
    }

    // ---- the index (guarded by this)

    private static long place(int segment, long offset) {
        return ((long) segment << 32) | offset;
    }

    private static int segmentOf(long place) {
        return (int) (place >>> 32);
    }

    private static long offsetOf(long place) {
        return place & 0xFFFFFFFFL;
    }

    private static long messageBytes(int length) {
        return 13L + length;
    }

    private static long refBytes(String queue, RefIndex.Extra extra) {
        return 42L + queue.length() + (extra == null || extra.groupId() == null ? 0 : extra.groupId().length());
    }

    private static long duplicateBytes(String address, String id) {
        return 21L + address.length() + id.length();
    }

    private static RefIndex.Extra extraOf(StoredReference r) {
        return r.deliveryTime() == 0 && r.expiryTime() == 0 && r.groupId() == null ? null
                : new RefIndex.Extra(r.deliveryTime(), r.expiryTime(), r.groupId());
    }

    /** Adds {@code bytes} to a segment's live bytes (and the journal's). */
    private void live(int segment, long bytes) {
        Segment s = segments.get(segment);
        if (s != null) {
            s.live += bytes;
        }
        liveBytes += bytes;
    }

    /** Where a live message's body is ({place, length}), from any of its references; null when it has none. */
    private long[] placeOf(long id) {
        for (RefIndex index : queues.values()) {
            RefIndex.Chunk c = index.chunkOf(id);
            if (c != null) {
                int i = c.find(id);
                return new long[] {c.places[i], c.lengths[i]};
            }
        }
        return null;
    }

    /** Points every reference of a message at a new copy of its body. */
    private void movePlace(long id, long to, int length) {
        long from = RefIndex.UNKNOWN;
        for (RefIndex index : queues.values()) {
            RefIndex.Chunk c = index.chunkOf(id);
            if (c != null) {
                int i = c.find(id);
                from = c.places[i];
                c.places[i] = to;
                c.lengths[i] = length;
            }
        }
        if (from != to) {
            if (from != RefIndex.UNKNOWN) {
                live(segmentOf(from), -messageBytes(length));
            }
            live(segmentOf(to), messageBytes(length));
        }
    }

    /**
     * Applies a record's operations to the index, in order. A message whose last reference goes may be referred
     * to again later in the same record (a dead letter moved); a message body in the record that no reference of
     * the record takes is a new copy of a live message (a rewrite, or a reference read back before it) or dead.
     *
     * @param bodies {message id, offset of the body from the record's start, length} of each message
     */
    private void applyRecord(int segment, long at, List<Op> ops, List<long[]> bodies, boolean restating) {
        Map<Long, long[]> added = new HashMap<>();
        for (long[] b : bodies) {
            added.put(b[0], new long[] {place(segment, at + b[1]), b[2]});
            maxMessageId = Math.max(maxMessageId, b[0]);
        }
        Map<Long, long[]> dying = new HashMap<>();
        LongIntMap fresh = new LongIntMap(); // references this record gave a message it stores
        for (Op op : ops) {
            if (op instanceof Op.AddReference o) {
                addReference(o.queue(), o.reference(), segment, added, dying, fresh, restating);
            } else if (op instanceof Op.RemoveReference o) {
                removeReference(o.queue(), o.messageId(), dying);
            } else if (op instanceof Op.UpdateDeliveryCount o) {
                RefIndex index = queues.get(o.queue());
                RefIndex.Chunk c = index == null ? null : index.chunkOf(o.messageId());
                if (c != null) {
                    c.counts[c.find(o.messageId())] = o.deliveryCount();
                }
            } else if (op instanceof Op.DeleteQueue o) {
                RefIndex index = queues.get(o.name());
                if (index != null) {
                    List<Long> ids = new ArrayList<>(index.size());
                    index.forEach((c, i) -> ids.add(c.ids[i]));
                    for (long id : ids) {
                        removeReference(o.name(), id, dying);
                    }
                }
            } else if (op instanceof Op.AddDuplicateId o) {
                long bytes = duplicateBytes(o.address(), o.id());
                long[] old = duplicates.computeIfAbsent(o.address(), a -> new HashMap<>())
                        .put(o.id(), new long[] {o.sequence(), segment, bytes});
                if (old != null) {
                    live((int) old[1], -old[2]);
                }
                live(segment, bytes);
            } else if (op instanceof Op.RemoveDuplicateId o) {
                Map<String, long[]> ids = duplicates.get(o.address());
                long[] old = ids == null ? null : ids.remove(o.id());
                if (old != null) {
                    live((int) old[1], -old[2]);
                    if (ids.isEmpty()) {
                        duplicates.remove(o.address());
                    }
                }
            } else if (op instanceof Op.DeleteAddress o) {
                Map<String, long[]> ids = duplicates.remove(o.name());
                if (ids != null) {
                    ids.values().forEach(old -> live((int) old[1], -old[2]));
                }
            }
        }
        if (!restating) {
            return; // a message stored by a write is new: this record's references took it, or it is dead
        }
        for (Map.Entry<Long, long[]> e : added.entrySet()) {
            long id = e.getKey();
            if (fresh.get(id) > 0 || refCount(id) <= 0) {
                continue; // taken by this record's references, or dead
            }
            movePlace(id, e.getValue()[0], (int) e.getValue()[1]);
        }
    }

    /**
     * A message's live references: two or more are counted in {@code shared}; else 1 when a queue holds it (a look
     * into every queue: only for a reference to a message stored earlier, and for restating records).
     */
    private int refCount(long id) {
        int n = shared.get(id);
        if (n > 0) {
            return n;
        }
        for (RefIndex index : queues.values()) {
            if (index.chunkOf(id) != null) {
                return 1;
            }
        }
        return 0;
    }

    private void setRefCount(long id, int n) {
        shared.put(id, n >= 2 ? n : 0);
    }

    private void addReference(String queue, StoredReference r, int segment, Map<Long, long[]> added,
                              Map<Long, long[]> dying, LongIntMap fresh, boolean restating) {
        long id = r.messageId();
        long[] body = added.get(id);
        int count; // the message's references before this one
        if (body != null && (!restating || fresh.get(id) > 0 || refCount(id) == 0)) {
            count = fresh.get(id); // a message this record stores: only this record's references hold it
            fresh.put(id, count + 1);
        } else {
            body = dying.remove(id);
            count = 0;
            if (body == null) {
                // a live message (it moves at the end of a restating record), or one read back before its record
                body = placeOf(id);
                count = body == null ? 0 : Math.max(1, shared.get(id));
                if (body == null) {
                    body = new long[] {RefIndex.UNKNOWN, 0};
                }
            }
        }
        RefIndex index = queues.computeIfAbsent(queue, q -> new RefIndex(references));
        RefIndex.Extra extra = extraOf(r);
        RefIndex.Extra oldExtra = index.chunkOf(id) == null ? null : index.extra(id);
        int replaced = index.put(id, body[0], (int) body[1], r.deliveryCount(), r.priority(), segment, extra);
        if (replaced >= 0) {
            live(replaced, -refBytes(queue, oldExtra));
            if (fresh.get(id) > 0) {
                fresh.put(id, fresh.get(id) - 1); // the same reference again: no new holder
            }
        } else {
            setRefCount(id, count + 1);
            if (count == 0 && body[0] != RefIndex.UNKNOWN) {
                live(segmentOf(body[0]), messageBytes((int) body[1]));
            }
        }
        live(segment, refBytes(queue, extra));
    }

    private void removeReference(String queue, long id, Map<Long, long[]> dying) {
        RefIndex index = queues.get(queue);
        RefIndex.Chunk c = index == null ? null : index.chunkOf(id);
        if (c == null) {
            return;
        }
        int i = c.find(id);
        long place = c.places[i];
        int length = c.lengths[i];
        live(c.refSegments[i], -refBytes(queue, index.extra(id)));
        index.remove(id);
        if (index.isEmpty()) {
            queues.remove(queue);
        }
        int before = shared.get(id);
        if (before >= 2) {
            setRefCount(id, before - 1);
        } else if (place != RefIndex.UNKNOWN) {
            live(segmentOf(place), -messageBytes(length));
            dying.put(id, new long[] {place, length});
        }
    }

    // ---- writing (the writer thread)

    /** True for the operations the journal keeps (a queue deletion goes to both: the journal drops its references). */
    static boolean keeps(Op op) {
        return op instanceof Op.AddMessage || op instanceof Op.AddReference || op instanceof Op.RemoveReference
                || op instanceof Op.UpdateDeliveryCount || op instanceof Op.DeleteQueue
                || op instanceof Op.AddDuplicateId || op instanceof Op.RemoveDuplicateId
                || op instanceof Op.DeleteAddress;
    }

    /** True for the operations the database runs as well: deleting a queue or an address (the rows are there). */
    static boolean shares(Op op) {
        return op instanceof Op.DeleteQueue || op instanceof Op.DeleteAddress;
    }

    /** A new marker for a group that also writes H2. */
    long nextMarker() {
        return ++lastMarker;
    }

    /** The H2 part of the group with this marker failed: it is voided in H2 with the next commit that sets a marker. */
    void voidMarker(long marker) {
        voids.add(marker);
    }

    /**
     * Appends one record holding {@code ops} and syncs it. Not yet in the index: {@link #apply} once the group
     * counts (at once without a marker, after H2's commit with one).
     */
    Appended append(List<Op> ops, long marker) throws IOException {
        return append(ops, marker, true);
    }

    /**
     * Appends one record holding {@code ops}, synced when {@code sync} is true; otherwise it reaches the disk with
     * the next synced record (the sync of a file covers every earlier write to it), the next {@link #sync}, or the
     * operating system's own writeback, whichever comes first. For what nobody waits for (acknowledgements): a
     * process that dies keeps it (the page cache outlives it); only a power loss before that sync can lose it.
     */
    Appended append(List<Op> ops, long marker, boolean sync) throws IOException {
        check(ops);
        codec.begin(marker, ops.size());
        for (Op op : ops) {
            if (op instanceof Op.AddMessage o) {
                codec.message(o.messageId(), o.encoded());
            } else if (op instanceof Op.AddReference o) {
                codec.reference(o.queue(), o.reference());
            } else if (op instanceof Op.RemoveReference o) {
                codec.remove(o.queue(), o.messageId());
            } else if (op instanceof Op.UpdateDeliveryCount o) {
                codec.count(o.queue(), o.messageId(), o.deliveryCount());
            } else if (op instanceof Op.DeleteQueue o) {
                codec.dropQueue(o.name());
            } else if (op instanceof Op.AddDuplicateId o) {
                codec.duplicateId(o.address(), o.id(), o.sequence());
            } else if (op instanceof Op.RemoveDuplicateId o) {
                codec.forgetDuplicateId(o.address(), o.id());
            } else if (op instanceof Op.DeleteAddress o) {
                codec.dropAddress(o.name());
            } else {
                throw new IllegalArgumentException("the journal does not keep " + op.getClass().getSimpleName());
            }
        }
        ByteBuffer record = codec.end();
        int length = record.remaining();
        if (broken || (current.end + length > segmentSize && current.end > SEGMENT_HEADER)) {
            roll();
        }
        Segment s = current;
        long at = s.end;
        try {
            if (at + length > s.allocated) {
                awaitExtension();
                if (at + length > s.allocated) {
                    s.allocated = extend(s.channel, s.allocated, at + length);
                }
            }
            long position = at;
            while (record.hasRemaining()) {
                position += s.channel.write(record, position);
            }
            if (sync) {
                s.channel.force(false);
                syncs.incrementAndGet();
            }
            unsynced = !sync;
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        s.end = at + length;
        synchronized (this) {
            totalBytes += length;
        }
        allocateAhead(s);
        return new Appended(s.number, at, ops, List.copyOf(codec.bodies()), marker);
    }

    /**
     * Refuses a group with a reference to a message that is neither stored nor added in the group (what a foreign
     * key refuses in the database): the writer then writes its batches one by one, failing only the bad one.
     */
    private synchronized void check(List<Op> ops) {
        Set<Long> added = null;
        for (Op op : ops) {
            if (op instanceof Op.AddMessage o) {
                if (added == null) {
                    added = new HashSet<>();
                }
                added.add(o.messageId());
            } else if (op instanceof Op.AddReference o) {
                long id = o.reference().messageId();
                if ((added == null || !added.contains(id)) && refCount(id) <= 0) {
                    throw new IllegalArgumentException("message " + id + " is not stored, so queue '"
                            + ClientText.safe(o.queue()) + "' cannot refer to it");
                }
            }
        }
    }

    /** Puts a written record's operations into the index. */
    void apply(Appended a) {
        synchronized (this) {
            applyRecord(a.segment(), a.at(), a.ops(), a.bodies(), a.marker() == RESTATE);
        }
    }

    /** The markers to void in H2 with the next commit that sets a marker (writer thread). */
    List<Long> voidsToRecord() {
        return List.copyOf(voids);
    }

    /** These voids are committed in H2. */
    void voidsRecorded(List<Long> recorded) {
        voids.removeAll(recorded);
    }

    /** True when records were appended without a sync since the last one ({@link #append(List, long, boolean)}). */
    boolean unsynced() {
        return unsynced;
    }

    /** The index's heap, estimated from the live references ({@link #INDEX_BYTES_PER_REFERENCE} each). */
    long indexBytes() {
        return references.get() * INDEX_BYTES_PER_REFERENCE;
    }

    /** Syncs of records so far: one per synced append and one per {@link #sync} that had something to sync. */
    long syncs() {
        return syncs.get();
    }

    /**
     * Syncs the records appended without one. A failure gives them up (the next append starts a new segment), so
     * an idle writer does not try again and again.
     */
    void sync() throws IOException {
        if (unsynced) {
            try {
                current.channel.force(false);
            } catch (IOException e) {
                broken = true;
                unsynced = false;
                throw e;
            }
            syncs.incrementAndGet();
            unsynced = false;
        }
    }

    /**
     * Frees space: deletes the segments at the front of the log with nothing live, or rewrites the oldest one (its
     * live records appended anew) when little of it is live. At most one rewrite a call; between groups only.
     */
    void reclaim() throws IOException {
        while (true) {
            Map.Entry<Integer, Segment> oldest = segments.firstEntry();
            if (oldest == null || oldest.getValue() == current) {
                return;
            }
            Segment s = oldest.getValue();
            boolean rewrite;
            synchronized (this) {
                if (s.live <= 0) {
                    delete(s);
                    continue;
                }
                rewrite = s.live * 4 <= s.end || totalBytes > 2 * liveBytes + 2 * segmentSize;
            }
            if (rewrite) {
                rewrite(s);
            }
            return;
        }
    }

    /**
     * Appends some of the live records of {@code s} anew, at most {@value #REWRITE_BYTES} bytes of messages a call
     * (so that a group waits for a few milliseconds of it, not a whole segment's): each message whose body is there
     * (once) and each reference whose record is there, with its present fields, as one restating record: the bodies
     * move, the references are replaced by themselves in the new segment. The segment is deleted once nothing in it
     * is live (a later call).
     *
     * <p>Design note: a queue's entries are in id order and the old segment's are nearly always its oldest, so the
     * look through a queue stops after {@value #REWRITE_SKIP} entries in a row that are all in later segments; when
     * that finds nothing while the segment still has live bytes, the next look goes through every entry.
     */
    private void rewrite(Segment s) throws IOException {
        List<Op> ops = collectLive(s, false);
        if (ops.isEmpty()) {
            ops = collectLive(s, true);
        }
        if (!ops.isEmpty()) {
            apply(append(ops, RESTATE));
        }
    }

    private synchronized List<Op> collectLive(Segment s, boolean everything) throws IOException {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, Map<String, long[]>> a : duplicates.entrySet()) {
            for (Map.Entry<String, long[]> d : a.getValue().entrySet()) {
                if (d.getValue()[1] == s.number) {
                    ops.add(new Op.AddDuplicateId(a.getKey(), d.getKey(), d.getValue()[0]));
                }
            }
        }
        Set<Long> moved = new HashSet<>();
        long[] bytes = {0};
        for (Map.Entry<String, RefIndex> q : queues.entrySet()) {
            RefIndex index = q.getValue();
            List<IOException> failed = new ArrayList<>();
            int[] later = {0};
            index.forEach((c, i) -> {
                long id = c.ids[i];
                boolean body = segmentOf(c.places[i]) == s.number;
                boolean ref = c.refSegments[i] == s.number;
                if (!body && !ref) {
                    return everything || ++later[0] < REWRITE_SKIP;
                }
                later[0] = 0;
                if (body && moved.add(id)) {
                    try {
                        ops.add(new Op.AddMessage(id, read(s.channel, offsetOf(c.places[i]), c.lengths[i], s)));
                    } catch (IOException e) {
                        failed.add(e);
                        return false;
                    }
                    bytes[0] += c.lengths[i];
                }
                if (ref) {
                    ops.add(new Op.AddReference(q.getKey(), reference(index, c, i, null)));
                    bytes[0] += 64;
                }
                return bytes[0] < REWRITE_BYTES;
            });
            if (!failed.isEmpty()) {
                throw failed.get(0);
            }
            if (bytes[0] >= REWRITE_BYTES) {
                break;
            }
        }
        return ops;
    }

    private static StoredReference reference(RefIndex index, RefIndex.Chunk c, int i, byte[] body) {
        RefIndex.Extra extra = index.extra(c.ids[i]);
        return new StoredReference(c.ids[i], body, c.priorities[i], c.counts[i],
                extra == null ? 0 : extra.deliveryTime(), extra == null ? 0 : extra.expiryTime(),
                extra == null ? null : extra.groupId());
    }

    /**
     * Forgets a segment and deletes its file on the allocator thread, in order, each deletion synced with the
     * directory before the next: a segment that came back after a crash while a later one holding removals of its
     * references stayed deleted would bring acknowledged messages back. (On the writer thread, unlinking a 32 MiB file
     * and syncing the directory held up the sends behind it.)
     */
    private void delete(Segment s) {
        segments.remove(s.number);
        totalBytes -= s.end;
        allocator.execute(() -> {
            try {
                s.channel.close();
                Files.deleteIfExists(s.path);
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            } catch (IOException e) {
                LOG.warn("journal {}: cannot delete segment {} ({}); it is read again at the next start", dir,
                        s.path.getFileName(), e.toString());
            }
        });
    }

    /** Starts a new segment: the file made ahead when it is ready, else a new one, synced with the directory. */
    private void roll() throws IOException {
        if (unsynced && !broken) {
            sync(); // records in the next segment must not outlast unsynced ones before them
        }
        unsynced = false;
        int number = segments.isEmpty() ? 1 : segments.lastKey() + 1;
        awaitExtension();
        Segment s = takePrepared(number);
        if (s == null) {
            s = createSegment(number);
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER);
            header.put(MAGIC).putLong(maxMessageId).putLong(lastMarker).flip();
            s.channel.write(header, 0); // synced with the first record (the file's length does not change)
        } catch (IOException e) {
            s.channel.close();
            Files.deleteIfExists(s.path);
            throw e;
        }
        segments.put(number, s);
        synchronized (this) {
            totalBytes += SEGMENT_HEADER;
        }
        current = s;
        broken = false;
    }

    /** A new segment file of zeros (no header yet), synced with its directory entry. */
    private Segment createSegment(int number) throws IOException {
        Path file = dir.resolve(String.format("%010d%s", number, SUFFIX));
        Files.deleteIfExists(file); // a file a failed roll left
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Segment s = new Segment(number, file, channel, SEGMENT_HEADER);
        try {
            s.allocated = extend(channel, 0, SEGMENT_HEADER);
            channel.force(true);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
        return s;
    }

    /** The segment made ahead, if it is ready and has this number; null otherwise (a late one is dropped). */
    private Segment takePrepared(int number) {
        Future<Segment> p = prepared;
        prepared = null;
        if (p == null) {
            return null;
        }
        try {
            Segment s = p.get();
            if (s.number == number) {
                return s;
            }
            s.channel.close();
            Files.deleteIfExists(s.path);
        } catch (ExecutionException | IOException e) {
            LOG.debug("journal {}: the segment made ahead failed", dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Asks the allocator for the next extension of {@code s} and, past its middle, the next segment. */
    private void allocateAhead(Segment s) {
        if ((extending == null || extending.isDone()) && s.allocated - s.end < EXTENT / 2) {
            long to = s.allocated + EXTENT;
            extending = allocator.submit(() -> {
                try {
                    long allocated = extend(s.channel, to - EXTENT, to);
                    s.channel.force(false);
                    s.allocated = allocated;
                } catch (IOException e) {
                    LOG.debug("journal {}: extending segment {} ahead failed; the writer extends it", dir, s.number, e);
                }
            });
        }
        if (prepared == null && s.end > segmentSize / 2) {
            int next = s.number + 1;
            prepared = allocator.submit(() -> createSegment(next));
        }
    }

    /** Waits for the extension in flight, if any. */
    private void awaitExtension() {
        Future<?> e = extending;
        if (e != null) {
            try {
                e.get();
            } catch (ExecutionException ignored) {
                // logged by the task
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes zeros from {@code from} (the file's end) to past {@code needed}, a {@value #EXTENT} at least, and
     * answers the new end: the sync of a record written into zeros does not also write the file's new length
     * (measured here: 160 µs a sync instead of 250), and zeros end the records when the segment is read back.
     */
    private static long extend(FileChannel channel, long from, long needed) throws IOException {
        long to = Math.max(needed, from + EXTENT);
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(EXTENT, to - from));
        for (long position = from; position < to; ) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), to - position));
            position += channel.write(zeros, position);
        }
        return to;
    }

    // ---- loads (any thread)

    /**
     * The references of {@code queue} after {@code afterMessageId}, in message-id order, with their bodies. The
     * bodies are read through channels of this load's own (an interrupted read closes only those).
     */
    List<StoredReference> loadReferences(String queue, long afterMessageId, int limit) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<StoredReference> refs = new ArrayList<>();
            List<long[]> places = new ArrayList<>();
            synchronized (this) {
                RefIndex index = queues.get(queue);
                if (index == null) {
                    return List.of();
                }
                index.forEachAfter(afterMessageId, (c, i) -> {
                    if (refs.size() >= limit) {
                        return false;
                    }
                    refs.add(reference(index, c, i, null));
                    places.add(new long[] {c.places[i], c.lengths[i]});
                    return true;
                });
            }
            Map<Integer, FileChannel> channels = new HashMap<>();
            try {
                List<StoredReference> out = new ArrayList<>(refs.size());
                for (int i = 0; i < refs.size(); i++) {
                    long[] place = places.get(i);
                    Segment segment = segments.get(segmentOf(place[0]));
                    if (segment == null) {
                        throw new NoSuchFileException("journal segment " + segmentOf(place[0]));
                    }
                    FileChannel channel = channels.get(segment.number);
                    if (channel == null) {
                        channel = FileChannel.open(segment.path, StandardOpenOption.READ);
                        channels.put(segment.number, channel);
                    }
                    StoredReference r = refs.get(i);
                    out.add(new StoredReference(r.messageId(), read(channel, offsetOf(place[0]), (int) place[1],
                            segment), r.priority(), r.deliveryCount(), r.deliveryTime(), r.expiryTime(),
                            r.groupId()));
                }
                return out;
            } catch (NoSuchFileException e) {
                if (attempt >= 3) {
                    throw e; // the segments move faster than this load: give up, the caller retries later
                }
            } finally {
                for (FileChannel c : channels.values()) {
                    c.close();
                }
            }
        }
    }

    /** The ids of {@code queue}'s references after {@code afterMessageId}, in order. */
    synchronized long[] loadReferenceIds(String queue, long afterMessageId, int limit) {
        RefIndex index = queues.get(queue);
        if (index == null) {
            return new long[0];
        }
        long[] ids = new long[Math.min(limit, index.size())];
        int[] n = {0};
        index.forEachAfter(afterMessageId, (c, i) -> {
            if (n[0] >= ids.length) {
                return false;
            }
            ids[n[0]++] = c.ids[i];
            return true;
        });
        return Arrays.copyOf(ids, n[0]);
    }

    /** The duplicate ids {@code address} remembers, oldest (lowest sequence) first. */
    synchronized List<DuplicateIdRecord> loadDuplicateIds(String address) {
        Map<String, long[]> ids = duplicates.get(address);
        if (ids == null) {
            return List.of();
        }
        List<DuplicateIdRecord> out = new ArrayList<>(ids.size());
        ids.forEach((id, d) -> out.add(new DuplicateIdRecord(id, d[0])));
        out.sort(Comparator.comparingLong(DuplicateIdRecord::sequence));
        return out;
    }

    synchronized long countReferences(String queue) {
        RefIndex index = queues.get(queue);
        return index == null ? 0 : index.size();
    }

    /** The journal's directory. */
    Path directory() {
        return dir;
    }

    /** The highest message id the journal ever held (kept in each segment's header across deletions). */
    long maxMessageId() {
        return maxMessageId;
    }


    synchronized long liveBytes() {
        return liveBytes;
    }

    /** Bytes of records in the segments (the zeros written ahead not counted). */
    synchronized long totalBytes() {
        return totalBytes;
    }

    int segmentCount() {
        return segments.size();
    }

    private static byte[] read(FileChannel channel, long offset, int length, Segment segment) throws IOException {
        byte[] body = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(body);
        long position = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("journal segment " + segment.path + " ends before message bytes at " + offset);
            }
            position += n;
        }
        return body;
    }

    @Override
    public void close() {
        try {
            sync();
        } catch (IOException e) {
            LOG.warn("journal {}: cannot sync the last acknowledgements ({}); a power loss now could bring their"
                    + " messages back", dir, e.toString());
        }
        allocator.shutdown();
        try {
            allocator.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Future<Segment> p = prepared;
        if (p != null && p.isDone()) {
            try {
                p.get().channel.close();
            } catch (ExecutionException | IOException e) {
                LOG.debug("journal {}: closing the segment made ahead", dir, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Segment s : segments.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", s.path, e);
            }
        }
    }
}
