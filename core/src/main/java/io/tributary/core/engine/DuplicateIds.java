package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.message.JmsIds;
import io.tributary.core.message.Message;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The duplicate ids one address remembers: the last {@code duplicate-id-cache} ids of the messages sent to it, each
 * with the outcome of the send that recorded it, so that a resend within the window is recognised while the first
 * send is still being stored as well as after. The ids of stored messages are written to the store in the same
 * batch as the message ({@link Claim#write}) and read back at recovery ({@link #load}); an id forgotten beyond the
 * window is deleted from the store in the batch of the send that pushed it out.
 *
 * <p>Design note: a send claims its id before it is routed; a second send of the same id then finds the first's
 * claim and waits for its outcome instead of being stored too, so two sends of one id at once store exactly one
 * message. A claim whose store batch fails is released, so that the client's retry is stored.
 *
 * <p>Thread-safe: guarded by its monitor; the futures complete outside it.
 */
final class DuplicateIds {

    /** Longer ids are remembered by their SHA-256 digest, so that a client cannot make the window large. */
    static final int MAX_ID_LENGTH = 256;

    private final String address;
    private final DuplicateDetection settings;
    /** Each remembered id, oldest first, with the outcome of the send that recorded it. */
    private final LinkedHashMap<String, CompletableFuture<Void>> ids = new LinkedHashMap<>();
    private long lastSequence;

    DuplicateIds(String address, DuplicateDetection settings) {
        this.address = address;
        this.settings = settings;
    }

    /**
     * The duplicate id of {@code m} as text, or null when it has none: the {@code _AMQ_DUPL_ID} application property
     * (a string as it is, a binary as {@code ID:AMQP_BINARY:HEX}) or the message-id in its JMSMessageID form, which
     * tells the AMQP id types apart.
     */
    String idOf(Message m) {
        String id = switch (settings.mode()) {
            case OFF -> null;
            case PROPERTY -> JmsIds.correlationId(m.applicationProperty(DuplicateDetection.PROPERTY));
            case MESSAGE_ID -> JmsIds.messageId(m.messageId());
        };
        return id == null || id.length() <= MAX_ID_LENGTH ? id : "sha256:" + digest(id);
    }

    private static String digest(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Recovery: remembers the stored ids (oldest first); ids beyond the window (left by a send that failed, or a
     * smaller window than before) are forgotten and deleted from the store through {@code batch}.
     */
    synchronized void load(List<DuplicateIdRecord> stored, Supplier<StoreBatch> batch) {
        int excess = stored.size() - settings.window();
        for (int i = 0; i < stored.size(); i++) {
            DuplicateIdRecord r = stored.get(i);
            lastSequence = Math.max(lastSequence, r.sequence());
            if (i < excess) {
                batch.get().removeDuplicateId(address, r.id());
            } else {
                ids.put(r.id(), CompletableFuture.completedFuture(null));
            }
        }
    }

    /**
     * Claims {@code id} for a send. Answers the claim when the id is new (remembered from now on, as pending), or
     * throws {@link Duplicate} with the outcome of the earlier send when it is remembered.
     */
    synchronized Claim claim(String id) throws Duplicate {
        CompletableFuture<Void> earlier = ids.get(id);
        if (earlier != null) {
            throw new Duplicate(earlier);
        }
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        ids.put(id, outcome);
        List<String> forgotten = new ArrayList<>(1);
        Iterator<String> oldest = ids.keySet().iterator();
        while (ids.size() > settings.window()) {
            forgotten.add(oldest.next());
            oldest.remove();
        }
        return new Claim(id, ++lastSequence, outcome, forgotten);
    }

    private synchronized void release(Claim claim) {
        ids.remove(claim.id, claim.outcome);
    }

    /** How many ids are remembered. */
    synchronized int size() {
        return ids.size();
    }

    /** The error of a duplicate inside a transaction, naming the id. */
    BrokerException duplicateInTransaction(String id, boolean twiceInTransaction) {
        return new BrokerException(BrokerException.Kind.TRANSACTION_ROLLED_BACK, "duplicate id '"
                + ClientText.safe(id) + "' on address '" + address + "' was "
                + (twiceInTransaction ? "sent twice in the transaction" : "already sent within the last "
                + settings.window() + " ids") + "; send the transaction's other messages again without it");
    }

    /** The error of a send whose id an earlier send claimed, when that send failed. */
    BrokerException earlierSendFailed(String id, Throwable failure) {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "a message with duplicate id '"
                + ClientText.safe(id) + "' to address '" + address + "' was being stored when this one came, and"
                + " its store failed (" + Router.storeFailure("it", failure).getMessage() + "); send it again",
                failure);
    }

    /** The id was seen within the window: the earlier send's outcome. */
    static final class Duplicate extends Exception {
        private static final long serialVersionUID = 1L;
        final transient CompletableFuture<Void> earlier;

        Duplicate(CompletableFuture<Void> earlier) {
            super(null, null, false, false);
            this.earlier = earlier;
        }
    }

    /** One send's claim of an id: written with the message, then confirmed or released. Not thread-safe. */
    final class Claim {
        final String id;
        private final long sequence;
        private final CompletableFuture<Void> outcome;
        private final List<String> forgotten;

        private Claim(String id, long sequence, CompletableFuture<Void> outcome, List<String> forgotten) {
            this.id = id;
            this.sequence = sequence;
            this.outcome = outcome;
            this.forgotten = forgotten;
        }

        /** Writes the id, and deletes the ids it pushed out of the window, in the send's batch. */
        void write(StoreBatch batch) {
            batch.addDuplicateId(address, id, sequence);
            writeForgotten(batch);
        }

        /** Deletes the ids it pushed out of the window (the message itself is not stored). */
        void writeForgotten(StoreBatch batch) {
            forgotten.forEach(f -> batch.removeDuplicateId(address, f));
        }

        boolean forgotSome() {
            return !forgotten.isEmpty();
        }

        /** The send is stored (or routed): resends of the id are duplicates. */
        void confirm() {
            outcome.complete(null);
        }

        /** The send failed: the id is forgotten, so a retry is stored; resends waiting on this one fail. */
        void release(Throwable failure) {
            DuplicateIds.this.release(this);
            outcome.completeExceptionally(failure);
        }
    }

    @Override
    public String toString() {
        return "duplicate ids of " + address + " (" + settings.mode().spelling() + ", window " + settings.window()
                + ")";
    }
}
