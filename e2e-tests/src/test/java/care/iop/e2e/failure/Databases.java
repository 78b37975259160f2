package care.iop.e2e.failure;

import care.iop.devstack.Service;
import care.iop.e2e.Platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the services' own databases hold, read over JDBC: outbox rows, consumer bookkeeping, domain rows. */
final class Databases {

    /** The services that have a database (and an outbox). */
    static final List<Service> WITH_OUTBOX = Stream.of(Service.values()).filter(Service::hasDatabase).toList();

    private Databases() {
    }

    /** One outbox row (common/src/main/resources/db/common/V0_1__outbox.sql). */
    record OutboxRow(Service service, long id, String eventId, String topic, String key, String type, String payload,
                     boolean sent) {
    }

    static Connection open(Service service) throws SQLException {
        return DriverManager.getConnection(Platform.stack().jdbcUrl(service), Platform.stack().dbUser(),
                Platform.stack().dbPassword());
    }

    /** The highest outbox row id of every service's database now: what a test writes later lies above it. */
    static Map<Service, Long> outboxMarks() {
        Map<Service, Long> marks = new EnumMap<>(Service.class);
        for (Service s : WITH_OUTBOX) {
            marks.put(s, number(s, "SELECT coalesce(max(id), 0) FROM outbox_event"));
        }
        return marks;
    }

    /** Every outbox row written after the marks, in every service's database. */
    static List<OutboxRow> outboxSince(Map<Service, Long> marks) {
        List<OutboxRow> rows = new ArrayList<>();
        for (Service s : WITH_OUTBOX) {
            rows.addAll(outboxSince(s, marks.getOrDefault(s, 0L)));
        }
        return rows;
    }

    static List<OutboxRow> outboxSince(Service service, long afterId) {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection c = open(service); PreparedStatement ps = c.prepareStatement("""
                SELECT id, event_id, topic, partition_key, event_type, payload, sent_at IS NOT NULL
                FROM outbox_event WHERE id > ? ORDER BY id""")) {
            ps.setLong(1, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(service, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getBoolean(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the outbox of " + service.module(), e);
        }
        return rows;
    }

    /** Outbox rows not yet published, over every service's database. */
    static long unsent() {
        long total = 0;
        for (Service s : WITH_OUTBOX) {
            total += number(s, "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL");
        }
        return total;
    }

    /** The event ids among {@code eventIds} that some service's outbox holds. */
    static java.util.Set<String> knownEventIds(java.util.Collection<String> eventIds) {
        java.util.Set<String> known = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return known;
        }
        List<String> uuids = eventIds.stream().filter(Databases::isUuid).toList();
        for (Service s : WITH_OUTBOX) {
            known.addAll(strings(s, "SELECT event_id::text FROM outbox_event WHERE event_id = ANY (?::uuid[])",
                    (Object) uuids.toArray(String[]::new)));
        }
        return known;
    }

    /** The event ids a consumer recorded as applied (processed_event), among {@code eventIds}. */
    static java.util.Set<String> processed(Service service, String consumer, java.util.Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(strings(service, "SELECT event_id FROM processed_event WHERE consumer = ? "
                + "AND event_id = ANY (?)", consumer, eventIds.toArray(String[]::new)));
    }

    static long number(Service service, String sql, Object... params) {
        try (Connection c = open(service); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(service.module() + ": " + sql, e);
        }
    }

    static List<String> strings(Service service, String sql, Object... params) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(service); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(service.module() + ": " + sql, e);
        }
        return out;
    }

    /** Rows of two columns, as "a|b" strings (e.g. session and patient of a booking). */
    static List<String> pairs(Service service, String sql, Object... params) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(service); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(service.module() + ": " + sql, e);
        }
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else if (p instanceof java.util.UUID uuid) {
                ps.setObject(i + 1, uuid);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    static boolean isUuid(String s) {
        try {
            java.util.UUID.fromString(s);
            return s.length() == 36;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
