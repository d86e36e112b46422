package io.tributary.core.stream;

import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.selector.Selector;

/**
 * A reader that is not in a group: it keeps its own next offset per partition and reads every partition,
 * taking them in turn (order holds within a partition only). Settlements change nothing: reading never
 * removes and nobody else needs to know.
 *
 * <p>Thread model: guarded by its own monitor, see {@link StreamConsumer}.
 */
final class PlainReader extends StreamConsumer {

    private final long[] positions;
    private int turn;

    PlainReader(StreamLog stream, DeliverySink sink, boolean preSettled, Selector selector, long[] start,
                Runnable onClose) {
        super(stream, sink, preSettled, selector, onClose);
        this.positions = start.clone();
    }

    @Override
    Object lock() {
        return this;
    }

    @Override
    Read next() {
        int n = positions.length;
        for (int i = 0; i < n; i++) {
            int p = (turn + i) % n;
            Read r = scan(stream.partitions[p], positions[p]);
            if (r != null) {
                positions[p] = r.position().offset() + 1;
                turn = p + 1;
                return r;
            }
            positions[p] = scanEnd;
        }
        return null;
    }

    @Override
    void settled(StreamPosition position, Outcome outcome) {
        // reading never removes: nothing to do
    }

    @Override
    void detach() {
        stream.detach(this);
    }
}
