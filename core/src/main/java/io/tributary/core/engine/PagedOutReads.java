package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.MessageView;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.StoredReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an operator reads of a queue's paged-out entries: their references loaded from the store by id, a few hundred
 * at a time, on the engine's store-read threads ({@link StoreReads}), never on the caller's.
 *
 * <p>Design note: the ids are taken from the queue under its lock, in the same look as its heap entries, so a page-in
 * between the two cannot hide an entry (a paged-in entry keeps its reference in the store until it is consumed). An
 * entry consumed or removed meanwhile is not found and is left out, as a browser would never have seen it.
 *
 * <p>Thread-safe and stateless apart from its engine.
 */
final class PagedOutReads {

    /** Most references one load reads (like a browser's, see {@link BrowseCursor#MAX_LOAD}). */
    private static final int CHUNK = BrowseCursor.MAX_LOAD;

    private final BrokerEngine engine;

    PagedOutReads(BrokerEngine engine) {
        this.engine = engine;
    }

    /**
     * Adds to {@code out} the paged-out entries {@code ids} of {@code q} that are there, not expired and match
     * {@code filter} (null: all), in the order of {@code ids}, until {@code out} holds {@code limit}; completes with
     * {@code out}.
     */
    CompletionStage<List<MessageView>> browse(MessageQueue q, long[] ids, Selector filter, int limit,
                                              List<MessageView> out) {
        if (ids.length == 0 || out.size() >= limit) {
            return CompletableFuture.completedFuture(out);
        }
        return read(() -> {
            for (int from = 0; from < ids.length && out.size() < limit; from += CHUNK) {
                long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK));
                Map<Long, StoredReference> found = Pager.load(engine.store(), q.name, chunk);
                long now = engine.now();
                for (long id : chunk) {
                    MessageView view = view(found.get(id), now);
                    if (view != null && out.size() < limit && (filter == null
                            || filter.matches(engine.filterable(view.message(), view.deliveryCount())))) {
                        out.add(view);
                    }
                }
            }
            return out;
        });
    }

    /** The paged-out entry {@code id} of {@code q}; NOT_FOUND when the store no longer holds it there. */
    CompletionStage<MessageView> one(MessageQueue q, long id) {
        return reference(q, id, r -> view(r, engine.now()));
    }

    /** Loads the reference of paged-out entry {@code id} of {@code q} for {@code then}; NOT_FOUND when gone. */
    <T> CompletionStage<T> reference(MessageQueue q, long id, Function<StoredReference, T> then) {
        return read(() -> {
            StoredReference r = Pager.load(engine.store(), q.name, new long[] {id}).get(id);
            if (r == null) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "message " + id + " is not waiting in " + q
                        + " any more (consumed or removed meanwhile); browse the queue for the ids it holds");
            }
            return then.apply(r);
        });
    }

    /** The references of the paged-out entries {@code ids} of {@code q} that the store still holds, by id. */
    CompletionStage<Map<Long, StoredReference>> references(MessageQueue q, long[] ids) {
        return read(() -> Pager.load(engine.store(), q.name, ids));
    }

    private static MessageView view(StoredReference r, long now) {
        if (r == null || (r.expiryTime() != 0 && r.expiryTime() <= now)) {
            return null;
        }
        return new MessageView(r.messageId(), r.deliveryCount(), r.deliveryTime() > now, Message.wrap(r.encoded()));
    }

    private <T> CompletionStage<T> read(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!engine.running()) {
            done.completeExceptionally(new BrokerException(BrokerException.Kind.ILLEGAL_STATE, engine
                    + " is stopped; its paged-out messages cannot be read"));
            return done;
        }
        engine.storeReads().execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
