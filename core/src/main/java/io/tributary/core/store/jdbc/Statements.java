package io.tributary.core.store.jdbc;

import static io.tributary.core.store.jdbc.Schema.ADDRESS;
import static io.tributary.core.store.jdbc.Schema.COUNTER;
import static io.tributary.core.store.jdbc.Schema.DUPLICATE_ID;
import static io.tributary.core.store.jdbc.Schema.MESSAGE;
import static io.tributary.core.store.jdbc.Schema.QUEUE;
import static io.tributary.core.store.jdbc.Schema.REF;

import io.tributary.core.store.QueueRecord;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The SQL the JDBC store runs, built once from its {@link Dialect}. Immutable.
 *
 * <p>Design note: every write is idempotent (inserts are upserts), so a transaction whose commit was in doubt
 * when the connection broke can simply be written again.
 *
 * @param upsertAddress       (name, kind, settings)
 * @param upsertQueue         the queue columns, see {@link #bindQueue}
 * @param insertMessage       (id, body)
 * @param insertReference     (queue, message id, priority, delivery count, delivery time, expiry time, group)
 * @param updateDeliveryCount (count, queue, message id)
 * @param deleteReference     (queue, message id)
 * @param deleteOrphanMessage (message id, message id): deletes the message when no reference is left
 * @param deleteQueue         statements run in order, every parameter the queue name
 * @param deleteAddress       statements run in order, the parameter the name: its duplicate ids, the address
 * @param upsertDuplicateId   (address, id, sequence)
 * @param deleteDuplicateId   (address, id)
 * @param raiseMaxMessageId   (id, id)
 * @param writeProbe          (name, value): the smallest real write, the writer's test of whether it can write again
 * @param loadReferences      (queue, after id, limit)
 * @param loadReferenceIds    (queue, after id, limit): the ids only
 * @param streams             the SQL of the stream tables
 * @param upsertTraceEvent    the trace table's columns, see {@link TraceTable#bind}
 */
record Statements(String upsertAddress, String upsertQueue, String insertMessage, String insertReference,
                  String updateDeliveryCount, String deleteReference, String deleteOrphanMessage,
                  List<String> deleteQueue, List<String> deleteAddress, String upsertDuplicateId,
                  String deleteDuplicateId, String raiseMaxMessageId,
                  String writeProbe, String loadReferences, String loadReferenceIds, StreamStatements streams,
                  String upsertTraceEvent) {

    static final String LOAD_ADDRESSES = "SELECT name, kind, settings FROM " + ADDRESS + " ORDER BY name";
    static final String LOAD_QUEUES = "SELECT name, address, subscription_name, client_id, is_shared, selector_text,"
            + " no_local FROM " + QUEUE + " ORDER BY name";
    static final String MAX_MESSAGE_ID = "SELECT counter_value FROM " + COUNTER + " WHERE name = '"
            + Schema.MAX_MESSAGE_ID + "'";
    static final String LOAD_DUPLICATE_IDS = "SELECT dup_id, seq FROM " + DUPLICATE_ID
            + " WHERE address = ? ORDER BY seq";
    static final String JOURNAL_MARKER = "SELECT counter_value FROM " + COUNTER + " WHERE name = '"
            + Schema.JOURNAL_MARKER + "'";
    static final String JOURNAL_VOIDS = "SELECT counter_value FROM " + COUNTER + " WHERE name LIKE '"
            + Schema.JOURNAL_VOID + "%'";
    static final String COUNT_ALL_REFERENCES = "SELECT COUNT(*) FROM " + REF;
    static final String COUNT_ALL_DUPLICATE_IDS = "SELECT COUNT(*) FROM " + DUPLICATE_ID;
    static final String COUNT_REFERENCES = "SELECT COUNT(*) FROM " + REF + " WHERE queue_name = ?";

    static Statements of(Dialect d) {
        return new Statements(
                d.upsert(ADDRESS, List.of("name", "kind", "settings"), 1),
                d.upsert(QUEUE, List.of("name", "address", "subscription_name", "client_id", "is_shared",
                        "selector_text", "no_local"), 1),
                d.upsert(MESSAGE, List.of("id", "body"), 1),
                d.upsert(REF, List.of("queue_name", "message_id", "priority", "delivery_count", "delivery_time",
                        "expiry_time", "group_id"), 2),
                "UPDATE " + REF + " SET delivery_count = ? WHERE queue_name = ? AND message_id = ?",
                "DELETE FROM " + REF + " WHERE queue_name = ? AND message_id = ?",
                "DELETE FROM " + MESSAGE + " WHERE id = ? AND NOT EXISTS (SELECT 1 FROM " + REF
                        + " r WHERE r.message_id = ?)",
                List.of("DELETE FROM " + MESSAGE + " WHERE id IN (SELECT message_id FROM " + REF
                                + " WHERE queue_name = ?) AND NOT EXISTS (SELECT 1 FROM " + REF
                                + " o WHERE o.message_id = "
                                + MESSAGE + ".id AND o.queue_name <> ?)",
                        "DELETE FROM " + REF + " WHERE queue_name = ?",
                        "DELETE FROM " + QUEUE + " WHERE name = ?"),
                List.of("DELETE FROM " + DUPLICATE_ID + " WHERE address = ?",
                        "DELETE FROM " + ADDRESS + " WHERE name = ?"),
                d.upsert(DUPLICATE_ID, List.of("address", "dup_id", "seq"), 2),
                "DELETE FROM " + DUPLICATE_ID + " WHERE address = ? AND dup_id = ?",
                "UPDATE " + COUNTER + " SET counter_value = ? WHERE name = '" + Schema.MAX_MESSAGE_ID
                        + "' AND counter_value < ?",
                d.upsert(COUNTER, List.of("name", "counter_value"), 1),
                // The page of references first, then the bodies of just those: a database that sorts before it
                // limits then never reads the bodies of the whole queue. Ordered by the whole primary key so
                // that H2 reads the index in order instead of sorting the rest of the queue for every page.
                "SELECT r.message_id, m.body, r.priority, r.delivery_count, r.delivery_time, r.expiry_time, r.group_id"
                        + " FROM (SELECT * FROM " + REF + " WHERE queue_name = ? AND message_id > ?"
                        + " ORDER BY queue_name, message_id "
                        + d.limitClause() + ") r JOIN " + MESSAGE + " m ON m.id = r.message_id ORDER BY r.message_id",
                "SELECT message_id FROM " + REF + " WHERE queue_name = ? AND message_id > ?"
                        + " ORDER BY queue_name, message_id " + d.limitClause(),
                StreamStatements.of(d),
                TraceTable.upsert(d));
    }

    static void bindQueue(PreparedStatement ps, QueueRecord q) throws SQLException {
        ps.setString(1, q.name());
        ps.setString(2, q.address());
        setNullable(ps, 3, q.subscriptionName());
        setNullable(ps, 4, q.clientId());
        ps.setBoolean(5, q.shared());
        setNullable(ps, 6, q.selector());
        ps.setBoolean(7, q.noLocal());
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
