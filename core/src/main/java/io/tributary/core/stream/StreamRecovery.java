package io.tributary.core.stream;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a persistent stream from the store when it opens: each partition's segments from the entries'
 * index (offsets, timestamps, sizes; the messages stay in the store until a reader pages them in) and the
 * groups' committed offsets.
 *
 * <p>Not thread-safe: runs once, before the stream is handed out.
 */
final class StreamRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRecovery.class);
    private static final int RECOVERY_PAGE = 1000;

    private StreamRecovery() {
    }

    static void recover(StreamLog log, Map<String, long[]> storedOffsets) {
        var store = log.host.store();
        for (var r : store.loadStreamPartitions(log.name)) {
            if (r.partition() >= log.partitions.length) {
                LOG.warn("stream {}: the store holds partition {} but the stream has {}; its entries stay unread",
                        log.name, r.partition(), log.partitions.length);
                continue;
            }
            Partition p = log.partitions[r.partition()];
            long from = r.logStart();
            while (true) {
                var page = store.loadStreamIndex(log.name, p.id, from, RECOVERY_PAGE);
                for (var e : page) {
                    p.restoreIndex(e.offset(), e.timestamp(), e.size());
                    from = e.offset() + 1;
                }
                if (page.size() < RECOVERY_PAGE) {
                    break;
                }
            }
            p.restoreEnd(r.nextOffset());
        }
        for (var r : store.loadStreamOffsets(log.name)) {
            if (r.partition() < log.partitions.length) {
                storedOffsets.computeIfAbsent(r.group(), g -> log.filled(-1))[r.partition()] = r.offset();
            }
        }
        LOG.debug("stream {}: recovered {} entries and {} group(s)", log.name, log.messageCount(),
                storedOffsets.size());
    }
}
