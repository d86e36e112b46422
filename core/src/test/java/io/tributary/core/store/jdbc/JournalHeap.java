package io.tributary.core.store.jdbc;

import io.tributary.core.store.StoredReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures the heap the message journal's index takes per stored message (a harness run by hand, not a test):
 * appends and applies {@code args[0]} messages of 16 bytes with one reference each to one queue, 1,000 a record,
 * and prints the heap in use after a full collection, before and after, divided by the count. Run with a heap large
 * enough, e.g. {@code java -Xmx2g -cp ... io.tributary.core.store.jdbc.JournalHeap 2000000}.
 */
public final class JournalHeap {

    private JournalHeap() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("journal-heap");
        try (MessageJournal journal = MessageJournal.open(dir, 256L * 1024 * 1024, 0, Set.of())) {
            long before = used();
            byte[] body = new byte[16];
            for (int first = 1; first <= count; first += 1000) {
                List<Op> ops = new ArrayList<>();
                for (long id = first; id < first + 1000 && id <= count; id++) {
                    ops.add(new Op.AddMessage(id, body));
                    ops.add(new Op.AddReference("orders", new StoredReference(id, null, 4, 0, 0, 0, null)));
                }
                journal.apply(journal.append(ops, 0));
            }
            long after = used();
            System.out.println(count + " messages, " + journal.countReferences("orders") + " references: "
                    + (after - before) / count + " bytes of heap a message");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
