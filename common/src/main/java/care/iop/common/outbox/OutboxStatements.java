package care.iop.common.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox table's SQL, shared by the transactional writer, the relay and the benchmark. */
public final class OutboxStatements {

    /** Advisory-lock namespaces (first key of the two-int form). */
    static final int KEY_ORDER_LOCK = 0x10B0;
    static final int RELAY_LEADER_LOCK = 0x10B1;
    public static final String CHANNEL = "outbox_event";

    /**
     * Inserts an event row. The transaction-scoped lock on the key makes a second transaction for the same
     * key wait for the first to commit before it draws its id, so for each key, id order is commit order
     * and the relay, which publishes in id order, keeps per-key order.
     */
    private static final String INSERT = """
            WITH key_order AS (SELECT pg_advisory_xact_lock(%d, hashtext(?)))
            INSERT INTO outbox_event (event_id, topic, partition_key, event_type, payload)
            SELECT ?, ?, ?, ?, ? FROM key_order""".formatted(KEY_ORDER_LOCK);

    /** Inserts an event row without the key lock: for events that need no order among concurrent writers. */
    private static final String INSERT_UNORDERED = """
            INSERT INTO outbox_event (event_id, topic, partition_key, event_type, payload) VALUES (?, ?, ?, ?, ?)""";

    private OutboxStatements() {
    }

    public record Row(long id, UUID eventId, String topic, String key, String type, String payload, Instant createdAt) {
    }

    public static void insert(Connection c, UUID eventId, String topic, String key, String type, String payload)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, key);
            ps.setObject(2, eventId);
            ps.setString(3, topic);
            ps.setString(4, key);
            ps.setString(5, type);
            ps.setString(6, payload);
            ps.executeUpdate();
        }
    }

    /** Inserts event rows without the key lock, in one batch (one round trip). */
    static void insertUnordered(Connection c, List<UnorderedRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_UNORDERED)) {
            for (UnorderedRow row : rows) {
                ps.setObject(1, row.eventId());
                ps.setString(2, row.topic());
                ps.setString(3, row.key());
                ps.setString(4, row.type());
                ps.setString(5, row.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    record UnorderedRow(UUID eventId, String topic, String key, String type, String payload) {
    }

    static List<Row> unsent(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, event_id, topic, partition_key, event_type, payload, created_at
                FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT ?""")) {
            ps.setInt(1, limit);
            List<Row> rows = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
                }
            }
            return rows;
        }
    }

    static void markSent(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox_event SET sent_at = clock_timestamp() WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    static long pendingCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes sent rows older than the retention, a slice at a time so no long lock is held. */
    static int pruneSent(Connection c, Duration retention, int slice) throws SQLException {
        int total = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM outbox_event WHERE id IN (
                  SELECT id FROM outbox_event WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)""")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
            ps.setInt(2, slice);
            int deleted;
            do {
                deleted = ps.executeUpdate();
                total += deleted;
            } while (deleted == slice);
        }
        return total;
    }

    static boolean tryLeadership(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
            ps.setInt(1, RELAY_LEADER_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
