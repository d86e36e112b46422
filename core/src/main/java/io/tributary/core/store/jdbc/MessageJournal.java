package io.tributary.core.store.jdbc;

import io.tributary.core.ClientText;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * transaction. At a start a marked record counts only if H2's counter reached its marker and no counting record
 * later voided it (the writer voids a marker whose H2 commit failed, and at a start every marker beyond the
 * counter, before the counter can pass it): so one commit, H2's, decides the group.
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
    /** Zeros written ahead of the records at a time. */
    static final int EXTENT = 1024 * 1024;

    private static final class Segment {
        final int number;
        final Path path;
        final FileChannel channel;
        /** Where the next record goes (the end of the valid records). */
        long end;
        /** Bytes of records still live in this segment. */
        long live;
        /** The file's length: zeros are written ahead of the records (see {@link #extend}). */
        long allocated;

        Segment(int number, Path path, FileChannel channel, long end) {
            this.number = number;
            this.path = path;
            this.channel = channel;
            this.end = end;
        }
    }

    private static final class Msg {
        Segment segment;
        long offset;
        int length;
        int refs;

        long bytes() {
            return 13L + length;
        }
    }

    private static final class Ref {
        final long id;
        final int priority;
        int count;
        final long deliveryTime;
        final long expiry;
        final String group;
        Segment segment;
        final int bytes;

        Ref(StoredReference r, String queue, Segment segment) {
            this.id = r.messageId();
            this.priority = r.priority();
            this.count = r.deliveryCount();
            this.deliveryTime = r.deliveryTime();
            this.expiry = r.expiryTime();
            this.group = r.groupId();
            this.segment = segment;
            this.bytes = 42 + queue.length() + (group == null ? 0 : group.length());
        }

        StoredReference reference(byte[] body) {
            return new StoredReference(id, body, priority, count, deliveryTime, expiry, group);
        }
    }

    /** A record written and synced but not yet applied to the index. */
    record Appended(int segment, long at, List<Op> ops, List<long[]> bodies, long marker, long[] voids) {
    }

    private final Path dir;
    private final long segmentSize;
    private final JournalCodec codec = new JournalCodec();
    private final ConcurrentSkipListMap<Integer, Segment> segments = new ConcurrentSkipListMap<>();
    private final Map<Long, Msg> messages = new HashMap<>();
    private final Map<String, TreeMap<Long, Ref>> queues = new HashMap<>();
    private Segment current;
    /** Set when a write failed: the next append starts a new segment (nothing is written after a bad tail). */
    private boolean broken;
    private long liveBytes;
    private long totalBytes;
    private volatile long maxMessageId;
    private long lastMarker;
    /** Markers of groups whose H2 part failed, voided by the next record that counts. */
    private final List<Long> voids = new ArrayList<>();

    private MessageJournal(Path dir, long segmentSize) {
        this.dir = dir;
        this.segmentSize = segmentSize;
    }

    /**
     * Opens (or creates) the journal in {@code dir} and reads it back: a marked record counts when its marker is
     * at most {@code committedMarker} and no counting record voided it.
     */
    static MessageJournal open(Path dir, long segmentSize, long committedMarker) throws IOException {
        Files.createDirectories(dir);
        MessageJournal j = new MessageJournal(dir, segmentSize);
        j.recover(committedMarker);
        j.lastMarker = Math.max(j.lastMarker, committedMarker);
        j.roll();
        return j;
    }

    // ---- recovery

    private void recover(long committedMarker) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("\\d{10}\\" + SUFFIX)).sorted().toList();
        }
        // pass 1: which marked records count, decided from the newest back (a void counts only in a counting record)
        List<long[]> records = new ArrayList<>(); // {marker, voided...} in log order
        for (Path file : files) {
            byte[] data = Files.readAllBytes(file);
            long end = validEnd(file, data, (marker, voided) -> {
                long[] r = new long[1 + voided.length];
                r[0] = marker;
                System.arraycopy(voided, 0, r, 1, voided.length);
                records.add(r);
            });
            int number = Integer.parseInt(file.getFileName().toString().substring(0, 10));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment segment = new Segment(number, file, channel, end);
            segment.allocated = data.length;
            segments.put(number, segment);
            if (end >= SEGMENT_HEADER) {
                ByteBuffer header = ByteBuffer.wrap(data, 8, 16);
                maxMessageId = Math.max(maxMessageId, header.getLong());
                lastMarker = Math.max(lastMarker, header.getLong());
            }
        }
        Set<Long> counting = countingMarkers(records, committedMarker);
        // pass 2: the counting records into the index
        for (Segment s : segments.values()) {
            replay(s, Files.readAllBytes(s.path), counting);
        }
        // messages no counting reference holds, references whose message record is gone
        messages.values().removeIf(m -> m.refs <= 0 || m.segment == null);
        for (TreeMap<Long, Ref> refs : queues.values()) {
            refs.values().removeIf(r -> {
                if (!messages.containsKey(r.id)) {
                    LOG.warn("journal {}: a reference to message {} has no message record; it is dropped", dir, r.id);
                    return true;
                }
                return false;
            });
        }
        queues.values().removeIf(Map::isEmpty);
        liveBytes = 0;
        for (Segment s : segments.values()) {
            totalBytes += s.end;
            s.live = 0;
        }
        for (Msg m : messages.values()) {
            m.segment.live += m.bytes();
            liveBytes += m.bytes();
        }
        for (TreeMap<Long, Ref> refs : queues.values()) {
            for (Ref r : refs.values()) {
                r.segment.live += r.bytes;
                liveBytes += r.bytes;
            }
        }
    }

    private interface RecordVisitor {
        void visit(long marker, long[] voided);
    }

    /** The end of the valid records of a segment file; calls {@code visitor} with each record's marker. */
    private static long validEnd(Path file, byte[] data, RecordVisitor visitor) {
        if (data.length < SEGMENT_HEADER || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            LOG.warn("journal segment {} has no valid header; nothing in it is read", file.getFileName());
            return data.length;
        }
        int at = SEGMENT_HEADER;
        ByteBuffer b = ByteBuffer.wrap(data);
        while (at + JournalCodec.HEADER <= data.length) {
            int length = b.getInt(at);
            int crc = b.getInt(at + 4);
            if (length <= 0 || length > data.length - at - JournalCodec.HEADER
                    || JournalCodec.crc(data, at + JournalCodec.HEADER, length) != crc) {
                break;
            }
            ByteBuffer payload = ByteBuffer.wrap(data, at + JournalCodec.HEADER, length).slice();
            long marker = payload.getLong();
            int count = payload.getInt();
            long[] voided = new long[Math.max(0, Math.min(count, payload.remaining() / 8))];
            for (int k = 0; k < voided.length; k++) {
                voided[k] = payload.getLong();
            }
            visitor.visit(marker, voided);
            at += JournalCodec.HEADER + length;
        }
        return at;
    }

    /** The markers that count: committed in H2 and not voided by a later counting record. */
    private Set<Long> countingMarkers(List<long[]> records, long committedMarker) {
        Set<Long> voided = new HashSet<>();
        Set<Long> counting = new HashSet<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            long[] r = records.get(i);
            long marker = r[0];
            lastMarker = Math.max(lastMarker, marker);
            if (marker > committedMarker) {
                voids.add(marker); // never committed: void it before the counter can pass it
            }
            if (marker == 0 || (marker <= committedMarker && !voided.contains(marker))) {
                if (marker != 0) {
                    counting.add(marker);
                }
                for (int k = 1; k < r.length; k++) {
                    voided.add(r[k]);
                }
            }
        }
        return counting;
    }

    private void replay(Segment s, byte[] data, Set<Long> counting) {
        int at = SEGMENT_HEADER;
        while (at < s.end) {
            int length = ByteBuffer.wrap(data).getInt(at);
            ByteBuffer payload = ByteBuffer.wrap(data, at + JournalCodec.HEADER, length).slice();
            JournalCodec.Payload p;
            try {
                p = JournalCodec.decode(payload);
            } catch (IllegalArgumentException e) {
                LOG.warn("journal segment {}: a record at {} with a valid checksum {}; the rest of the segment is not"
                        + " read", s.path.getFileName(), at, e.getMessage());
                s.end = at;
                return;
            }
            if (p.marker() == 0 || counting.contains(p.marker())) {
                long base = at + JournalCodec.HEADER;
                for (JournalCodec.Decoded d : p.ops()) {
                    replayOp(s, base, d);
                }
            }
            at += JournalCodec.HEADER + length;
        }
    }

    private void replayOp(Segment s, long base, JournalCodec.Decoded d) {
        switch (d.kind()) {
            case JournalCodec.MESSAGE -> {
                Msg m = messages.computeIfAbsent(d.messageId(), id -> new Msg());
                m.segment = s;
                m.offset = base + d.bodyAt();
                m.length = d.bodyLength();
                maxMessageId = Math.max(maxMessageId, d.messageId());
            }
            case JournalCodec.REFERENCE -> addRef(d.queue(), d.reference(), s);
            case JournalCodec.REMOVE -> removeRef(d.queue(), d.messageId(), null);
            case JournalCodec.COUNT -> {
                Ref r = refOf(d.queue(), d.messageId());
                if (r != null) {
                    r.count = d.count();
                }
            }
            case JournalCodec.DROP_QUEUE -> dropQueue(d.queue(), null);
            default -> throw new IllegalStateException("unknown kind " + d.kind());
        }
    }

    // ---- the index (guarded by this)

    private Ref refOf(String queue, long id) {
        TreeMap<Long, Ref> refs = queues.get(queue);
        return refs == null ? null : refs.get(id);
    }

    /** Adds (or replaces) a reference; answers the bytes that became live. */
    private long addRef(String queue, StoredReference r, Segment s) {
        Ref ref = new Ref(r, queue, s);
        Ref old = queues.computeIfAbsent(queue, q -> new TreeMap<>()).put(r.messageId(), ref);
        long delta = ref.bytes;
        if (old != null) {
            delta -= old.bytes;
            if (old.segment != null) {
                old.segment.live -= old.bytes;
            }
        } else {
            messages.computeIfAbsent(r.messageId(), id -> new Msg()).refs++;
        }
        return delta;
    }

    /** Removes a reference; a message it was the last reference of goes into {@code dead} (null: keep it). */
    private long removeRef(String queue, long id, List<Long> dead) {
        TreeMap<Long, Ref> refs = queues.get(queue);
        Ref old = refs == null ? null : refs.remove(id);
        if (old == null) {
            return 0;
        }
        if (refs.isEmpty()) {
            queues.remove(queue);
        }
        if (old.segment != null) {
            old.segment.live -= old.bytes;
        }
        Msg m = messages.get(id);
        if (m != null && --m.refs <= 0 && dead != null) {
            dead.add(id);
        }
        return -old.bytes;
    }

    private long dropQueue(String queue, List<Long> dead) {
        TreeMap<Long, Ref> refs = queues.get(queue);
        if (refs == null) {
            return 0;
        }
        long delta = 0;
        for (Long id : List.copyOf(refs.keySet())) {
            delta += removeRef(queue, id, dead);
        }
        return delta;
    }

    // ---- writing (the writer thread)

    /** True for the operations the journal keeps (a queue deletion goes to both: the journal drops its references). */
    static boolean keeps(Op op) {
        return op instanceof Op.AddMessage || op instanceof Op.AddReference || op instanceof Op.RemoveReference
                || op instanceof Op.UpdateDeliveryCount || op instanceof Op.DeleteQueue;
    }

    /** A new marker for a group that also writes H2. */
    long nextMarker() {
        return ++lastMarker;
    }

    /** The H2 part of the group with this marker failed: the next counting record voids it. */
    void voidMarker(long marker) {
        voids.add(marker);
    }

    /**
     * Appends one record holding {@code ops} and syncs it. Not yet in the index: {@link #apply} once the group
     * counts (at once without a marker, after H2's commit with one).
     */
    Appended append(List<Op> ops, long marker) throws IOException {
        check(ops);
        long[] voided = voids.stream().mapToLong(Long::longValue).toArray();
        codec.begin(marker, voided, ops.size());
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
                extend(s, at + length);
            }
            long position = at;
            while (record.hasRemaining()) {
                position += s.channel.write(record, position);
            }
            s.channel.force(false);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        s.end = at + length;
        synchronized (this) {
            totalBytes += length;
        }
        return new Appended(s.number, at, ops, List.copyOf(codec.bodies()), marker, voided);
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
                if ((added == null || !added.contains(id)) && !messages.containsKey(id)) {
                    throw new IllegalArgumentException("message " + id + " is not stored, so queue '"
                            + ClientText.safe(o.queue()) + "' cannot refer to it");
                }
            }
        }
    }

    /** Puts a written record's operations into the index; the voids it carried are done. */
    void apply(Appended a) {
        Segment s = segments.get(a.segment());
        List<Long> dead = new ArrayList<>();
        Map<Long, long[]> bodies = new HashMap<>();
        for (long[] b : a.bodies()) {
            bodies.put(b[0], b);
        }
        synchronized (this) {
            for (Op op : a.ops()) {
                if (op instanceof Op.AddMessage o) {
                    long[] b = bodies.get(o.messageId());
                    Msg m = messages.computeIfAbsent(o.messageId(), id -> new Msg());
                    if (m.segment != null) {
                        m.segment.live -= m.bytes();
                        liveBytes -= m.bytes();
                    }
                    m.segment = s;
                    m.offset = a.at() + b[1];
                    m.length = (int) b[2];
                    s.live += m.bytes();
                    liveBytes += m.bytes();
                    maxMessageId = Math.max(maxMessageId, o.messageId());
                    dead.add(o.messageId()); // dead unless a reference holds it by the end of the record
                } else if (op instanceof Op.AddReference o) {
                    long delta = addRef(o.queue(), o.reference(), s);
                    s.live += queues.get(o.queue()).get(o.reference().messageId()).bytes;
                    liveBytes += delta;
                } else if (op instanceof Op.RemoveReference o) {
                    liveBytes += removeRef(o.queue(), o.messageId(), dead);
                } else if (op instanceof Op.UpdateDeliveryCount o) {
                    Ref r = refOf(o.queue(), o.messageId());
                    if (r != null) {
                        r.count = o.deliveryCount();
                    }
                } else if (op instanceof Op.DeleteQueue o) {
                    liveBytes += dropQueue(o.name(), dead);
                }
            }
            for (Long id : dead) {
                Msg m = messages.get(id);
                if (m != null && m.refs <= 0) {
                    messages.remove(id);
                    if (m.segment != null) {
                        m.segment.live -= m.bytes();
                        liveBytes -= m.bytes();
                    }
                }
            }
        }
        for (long v : a.voids()) {
            voids.remove(v);
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

    private void rewrite(Segment s) throws IOException {
        List<Op> ops = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Long, Msg> e : messages.entrySet()) {
                if (e.getValue().segment == s) {
                    ops.add(new Op.AddMessage(e.getKey(), read(s.channel, e.getValue())));
                }
            }
            for (Map.Entry<String, TreeMap<Long, Ref>> q : queues.entrySet()) {
                for (Ref r : q.getValue().values()) {
                    if (r.segment == s) {
                        ops.add(new Op.AddReference(q.getKey(), r.reference(null)));
                    }
                }
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        Appended a = append(ops, 0);
        Segment to = segments.get(a.segment());
        Map<Long, long[]> bodies = new HashMap<>();
        for (long[] b : a.bodies()) {
            bodies.put(b[0], b);
        }
        synchronized (this) {
            for (Op op : ops) {
                if (op instanceof Op.AddMessage o) {
                    Msg m = messages.get(o.messageId());
                    long[] b = bodies.get(o.messageId());
                    if (m != null && m.segment == s) {
                        s.live -= m.bytes();
                        m.segment = to;
                        m.offset = a.at() + b[1];
                        to.live += m.bytes();
                    }
                } else if (op instanceof Op.AddReference o) {
                    Ref r = refOf(o.queue(), o.reference().messageId());
                    if (r != null && r.segment == s) {
                        s.live -= r.bytes;
                        r.segment = to;
                        to.live += r.bytes;
                    }
                }
            }
        }
        for (long v : a.voids()) {
            voids.remove(v);
        }
    }

    private void delete(Segment s) {
        segments.remove(s.number);
        totalBytes -= s.end;
        try {
            s.channel.close();
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            LOG.warn("journal {}: cannot delete segment {} ({}); it is read again at the next start", dir,
                    s.path.getFileName(), e.toString());
        }
    }

    /** Starts a new segment file and syncs its header and the directory. */
    private void roll() throws IOException {
        int number = segments.isEmpty() ? 1 : segments.lastKey() + 1;
        Path file = dir.resolve(String.format("%010d%s", number, SUFFIX));
        Files.deleteIfExists(file); // a file a failed roll left
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Segment s = new Segment(number, file, channel, SEGMENT_HEADER);
        try {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER);
            header.put(MAGIC).putLong(maxMessageId).putLong(lastMarker).flip();
            channel.write(header, 0);
            s.allocated = SEGMENT_HEADER;
            extend(s, SEGMENT_HEADER);
            channel.force(true);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
        segments.put(number, s);
        synchronized (this) {
            totalBytes += SEGMENT_HEADER;
        }
        current = s;
        broken = false;
    }

    /**
     * Writes zeros from the segment's end of file to past {@code needed}, a {@value #EXTENT} at least: the sync of
     * a record written into zeros does not also write the file's new length (measured here: 160 µs a sync instead
     * of 250), and zeros end the records when the segment is read back.
     */
    private static void extend(Segment s, long needed) throws IOException {
        long to = Math.max(needed, s.allocated + EXTENT);
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(EXTENT, to - s.allocated));
        long position = s.allocated;
        while (position < to) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), to - position));
            position += s.channel.write(zeros, position);
        }
        s.allocated = to;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }

    // ---- loads (any thread)

    /**
     * The references of {@code queue} after {@code afterMessageId}, in message-id order, with their bodies. The
     * bodies are read through channels of this load's own (an interrupted read closes only those).
     */
    List<StoredReference> loadReferences(String queue, long afterMessageId, int limit) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<Ref> refs = new ArrayList<>();
            List<Msg> places = new ArrayList<>();
            synchronized (this) {
                TreeMap<Long, Ref> all = queues.get(queue);
                if (all == null) {
                    return List.of();
                }
                for (Ref r : all.tailMap(afterMessageId, false).values()) {
                    if (refs.size() >= limit) {
                        break;
                    }
                    Msg m = messages.get(r.id);
                    if (m == null || m.segment == null) {
                        continue; // cannot happen: a live reference keeps its message
                    }
                    Msg copy = new Msg();
                    copy.segment = m.segment;
                    copy.offset = m.offset;
                    copy.length = m.length;
                    refs.add(r);
                    places.add(copy);
                }
            }
            Map<Segment, FileChannel> channels = new HashMap<>();
            try {
                List<StoredReference> out = new ArrayList<>(refs.size());
                for (int i = 0; i < refs.size(); i++) {
                    Msg place = places.get(i);
                    FileChannel channel = channels.get(place.segment);
                    if (channel == null) {
                        channel = FileChannel.open(place.segment.path, StandardOpenOption.READ);
                        channels.put(place.segment, channel);
                    }
                    out.add(refs.get(i).reference(read(channel, place)));
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
        TreeMap<Long, Ref> all = queues.get(queue);
        if (all == null) {
            return new long[0];
        }
        long[] ids = new long[Math.min(limit, all.size())];
        int n = 0;
        Iterator<Long> it = all.tailMap(afterMessageId, false).keySet().iterator();
        while (n < ids.length && it.hasNext()) {
            ids[n++] = it.next();
        }
        return Arrays.copyOf(ids, n);
    }

    synchronized long countReferences(String queue) {
        TreeMap<Long, Ref> all = queues.get(queue);
        return all == null ? 0 : all.size();
    }

    /** The highest message id the journal ever held (kept in each segment's header across deletions). */
    long maxMessageId() {
        return maxMessageId;
    }

    /** Queues with references, for tests and the migration check. */
    synchronized Set<String> queuesWithReferences() {
        return Set.copyOf(queues.keySet());
    }

    /** Segment files now (for tests). */
    NavigableMap<Integer, Path> segmentFiles() {
        NavigableMap<Integer, Path> out = new TreeMap<>();
        segments.forEach((n, s) -> out.put(n, s.path));
        return out;
    }

    synchronized long liveBytes() {
        return liveBytes;
    }

    private static byte[] read(FileChannel channel, Msg m) throws IOException {
        byte[] body = new byte[m.length];
        ByteBuffer b = ByteBuffer.wrap(body);
        long position = m.offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("journal segment " + m.segment.path + " ends before message bytes at "
                        + m.offset);
            }
            position += n;
        }
        return body;
    }

    @Override
    public void close() {
        for (Segment s : segments.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", s.path, e);
            }
        }
    }
}
