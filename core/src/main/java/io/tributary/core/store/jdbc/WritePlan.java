package io.tributary.core.store.jdbc;

import io.tributary.core.store.TraceEventRecord;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the operations of many batches inside one database transaction with as few round trips as it can:
 * operations of one kind are collected and sent as one JDBC batch statement, kinds in a fixed phase order
 * (upsert addresses and queues, insert messages, insert references, insert duplicate ids, update counts, delete
 * references and orphaned messages, delete duplicate ids, delete queues, delete addresses, stream operations, insert
 * trace events, prune trace events).
 *
 * <p>Design note: running kinds in phase order instead of operation order gives the same result as long as
 * no operation depends on an earlier one of a later phase. Only a few such pairs exist (re-creating a queue or
 * address that an earlier batch deleted, re-adding a reference or duplicate id removed earlier); when an
 * operation would form
 * one, the collected operations are flushed first, so the order the batches asked for always holds.
 *
 * <p>Not thread-safe; used by the store's writer thread for one transaction.
 */
final class WritePlan {

    private record RefKey(String queue, long messageId) {
    }

    private record DuplicateKey(String address, String id) {
    }

    private final Statements sql;
    private final WriterConnection connection;
    // Upserts are keyed: PostgreSQL refuses one rewritten multi-row upsert that touches a row twice, and the
    // last save of a key is the one that counts anyway.
    private final Map<String, Op.SaveAddress> saveAddresses = new LinkedHashMap<>();
    private final Map<String, Op.SaveQueue> saveQueues = new LinkedHashMap<>();
    private final Map<Long, Op.AddMessage> addMessages = new LinkedHashMap<>();
    private final Map<RefKey, Op.AddReference> addReferences = new LinkedHashMap<>();
    private final Map<DuplicateKey, Op.AddDuplicateId> addDuplicates = new LinkedHashMap<>();
    private final List<Op.RemoveDuplicateId> removeDuplicates = new ArrayList<>();
    private final Set<DuplicateKey> removedDuplicates = new HashSet<>();
    private final List<Op.UpdateDeliveryCount> updates = new ArrayList<>();
    private final List<Op.RemoveReference> removes = new ArrayList<>();
    private final List<Op.DeleteQueue> deleteQueues = new ArrayList<>();
    private final List<Op.DeleteAddress> deleteAddresses = new ArrayList<>();
    private final Set<RefKey> removedRefs = new HashSet<>();
    private final Set<String> deletedQueues = new HashSet<>();
    private final Set<String> deletedAddresses = new HashSet<>();
    private final List<Long> orphanCandidates = new ArrayList<>();
    private final List<TraceEventRecord> traceEvents = new ArrayList<>();
    private final List<Op.PruneTrace> tracePrunes = new ArrayList<>();
    private final StreamWritePlan streams;
    private long maxMessageId;

    WritePlan(Statements sql, WriterConnection connection) {
        this.sql = sql;
        this.connection = connection;
        this.streams = new StreamWritePlan(sql.streams(), this);
    }

    /** Adds an operation, flushing first when running it in phase order would change the result. */
    void add(Op op) throws SQLException {
        if (conflicts(op)) {
            flush();
        }
        if (op instanceof Op.SaveAddress o) {
            saveAddresses.put(o.address().name(), o);
        } else if (op instanceof Op.DeleteAddress o) {
            deleteAddresses.add(o);
            deletedAddresses.add(o.name());
        } else if (op instanceof Op.SaveQueue o) {
            saveQueues.put(o.queue().name(), o);
        } else if (op instanceof Op.DeleteQueue o) {
            deleteQueues.add(o);
            deletedQueues.add(o.name());
        } else if (op instanceof Op.AddMessage o) {
            addMessages.put(o.messageId(), o);
            maxMessageId = Math.max(maxMessageId, o.messageId());
        } else if (op instanceof Op.AddReference o) {
            addReferences.put(new RefKey(o.queue(), o.reference().messageId()), o);
        } else if (op instanceof Op.RemoveReference o) {
            removes.add(o);
            removedRefs.add(new RefKey(o.queue(), o.messageId()));
        } else if (op instanceof Op.AddDuplicateId o) {
            addDuplicates.put(new DuplicateKey(o.address(), o.id()), o);
        } else if (op instanceof Op.RemoveDuplicateId o) {
            removeDuplicates.add(o);
            removedDuplicates.add(new DuplicateKey(o.address(), o.id()));
        } else if (op instanceof Op.UpdateDeliveryCount o) {
            updates.add(o);
        } else if (op instanceof Op.Stream o) {
            streams.add(o.op());
        } else if (op instanceof Op.AddTraceEvents o) {
            traceEvents.addAll(o.events());
        } else if (op instanceof Op.PruneTrace o) {
            tracePrunes.add(o);
        }
    }

    private boolean conflicts(Op op) {
        if (op instanceof Op.Stream o) {
            return streams.conflicts(o.op());
        }
        if (op instanceof Op.SaveAddress o) {
            return deletedAddresses.contains(o.address().name());
        }
        if (op instanceof Op.SaveQueue o) {
            return deletedQueues.contains(o.queue().name());
        }
        if (op instanceof Op.AddReference o) {
            return deletedQueues.contains(o.queue())
                    || removedRefs.contains(new RefKey(o.queue(), o.reference().messageId()));
        }
        if (op instanceof Op.AddDuplicateId o) {
            return deletedAddresses.contains(o.address())
                    || removedDuplicates.contains(new DuplicateKey(o.address(), o.id()));
        }
        return false;
    }

    /**
     * Sends everything and ends the plan: deletes the messages whose last reference went (only now, so that
     * a later batch of the same transaction may still add a reference to one) and raises the highest message
     * id. The caller commits.
     */
    void finish() throws SQLException {
        flush();
        run(sql.deleteOrphanMessage(), orphanCandidates, (ps, id) -> {
            ps.setLong(1, id);
            ps.setLong(2, id);
        });
        orphanCandidates.clear();
        if (maxMessageId > 0) {
            PreparedStatement ps = connection.prepare(sql.raiseMaxMessageId());
            ps.setLong(1, maxMessageId);
            ps.setLong(2, maxMessageId);
            ps.executeUpdate();
            maxMessageId = 0;
        }
    }

    /** Sends everything collected so far, in phase order. */
    private void flush() throws SQLException {
        run(sql.upsertAddress(), List.copyOf(saveAddresses.values()), (ps, o) -> {
            ps.setString(1, o.address().name());
            ps.setString(2, o.address().kind().name());
            ps.setString(3, SettingsCodec.write(o.address().settings()));
        });
        run(sql.upsertQueue(), List.copyOf(saveQueues.values()), (ps, o) -> Statements.bindQueue(ps, o.queue()));
        run(sql.insertMessage(), List.copyOf(addMessages.values()), (ps, o) -> {
            ps.setLong(1, o.messageId());
            ps.setBytes(2, o.encoded());
        });
        run(sql.insertReference(), List.copyOf(addReferences.values()), (ps, o) -> bindReference(ps, o));
        run(sql.upsertDuplicateId(), List.copyOf(addDuplicates.values()), (ps, o) -> {
            ps.setString(1, o.address());
            ps.setString(2, o.id());
            ps.setLong(3, o.sequence());
        });
        run(sql.updateDeliveryCount(), updates, (ps, o) -> {
            ps.setInt(1, o.deliveryCount());
            ps.setString(2, o.queue());
            ps.setLong(3, o.messageId());
        });
        run(sql.deleteReference(), removes, (ps, o) -> {
            ps.setString(1, o.queue());
            ps.setLong(2, o.messageId());
        });
        removes.forEach(o -> orphanCandidates.add(o.messageId()));
        run(sql.deleteDuplicateId(), removeDuplicates, (ps, o) -> {
            ps.setString(1, o.address());
            ps.setString(2, o.id());
        });
        for (String statement : sql.deleteQueue()) {
            int parameters = (int) statement.chars().filter(ch -> ch == '?').count();
            run(statement, deleteQueues, (ps, o) -> {
                for (int i = 1; i <= parameters; i++) {
                    ps.setString(i, o.name());
                }
            });
        }
        for (String statement : sql.deleteAddress()) {
            run(statement, deleteAddresses, (ps, o) -> ps.setString(1, o.name()));
        }
        streams.flush();
        run(sql.upsertTraceEvent(), traceEvents, TraceTable::bind);
        run(TraceTable.PRUNE_BY_TIME, tracePrunes, (ps, o) -> ps.setLong(1, o.olderThan()));
        run(TraceTable.PRUNE_BY_ID, tracePrunes, (ps, o) -> ps.setLong(1, o.upToId()));
        for (List<?> list : List.of(updates, removes, removeDuplicates, deleteQueues, deleteAddresses, traceEvents,
                tracePrunes)) {
            list.clear();
        }
        addDuplicates.clear();
        removedDuplicates.clear();
        addMessages.clear();
        saveAddresses.clear();
        saveQueues.clear();
        addReferences.clear();
        removedRefs.clear();
        deletedQueues.clear();
        deletedAddresses.clear();
    }

    private static void bindReference(PreparedStatement ps, Op.AddReference o) throws SQLException {
        ps.setString(1, o.queue());
        ps.setLong(2, o.reference().messageId());
        ps.setInt(3, o.reference().priority());
        ps.setInt(4, o.reference().deliveryCount());
        ps.setLong(5, o.reference().deliveryTime());
        ps.setLong(6, o.reference().expiryTime());
        Statements.setNullable(ps, 7, o.reference().groupId());
    }

    interface Binder<T> {
        void bind(PreparedStatement ps, T op) throws SQLException;
    }

    <T> void run(String statement, List<T> ops, Binder<T> binder) throws SQLException {
        if (ops.isEmpty()) {
            return;
        }
        PreparedStatement ps = connection.prepare(statement); // the connection's, kept open for the next plan
        for (T op : ops) {
            binder.bind(ps, op);
            ps.addBatch();
        }
        ps.executeBatch();
    }
}
