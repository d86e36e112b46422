package io.tributary.core.engine;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store batch opened on first use: engine paths that may or may not write collect their writes
 * here and commit once. Not thread-safe: one per operation.
 */
final class StoreWork {

    static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    private final MessageStore store;
    private StoreBatch batch;

    StoreWork(MessageStore store) {
        this.store = store;
    }

    StoreBatch batch() {
        if (batch == null) {
            batch = store.batch();
        }
        return batch;
    }

    boolean isEmpty() {
        return batch == null || batch.isEmpty();
    }

    /** Commits what was written; completes at once when nothing was. */
    CompletionStage<Void> commit() {
        return isEmpty() ? DONE : batch.commit();
    }

    /** Commits what nobody waits for (see {@link StoreBatch#commitEventually}); completes at once when empty. */
    CompletionStage<Void> commitEventually() {
        return isEmpty() ? DONE : batch.commitEventually();
    }
}
