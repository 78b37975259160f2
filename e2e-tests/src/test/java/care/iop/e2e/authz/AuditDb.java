package care.iop.e2e.authz;

import care.iop.e2e.Platform;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A service's audit table, read over JDBC as the service's own database user (the devstack's application role), and
 * the hash-chain check. The chain verifier ({@code care.iop.common.audit.AuditVerifier}) is a CDI bean that no endpoint
 * or health check exposes; rather than copy its algorithm, this runs the real class from {@code common/target/classes}
 * on a JDBC connection (its {@code verify(Connection, List)} is what the bean's {@code verify(List)} calls on a pooled
 * connection), against the chain heads the service published to {@code iop.audit.v1} (read back by
 * {@code PublishedCheckpoints}, as the bean's {@code verifyAgainstPublished()} does).
 */
final class AuditDb {

    /** One row of {@code audit_log}: the fields ARCHITECTURE §4 asks for. */
    record Row(long seq, Instant occurredAt, String actorSubject, String actorClientId, String actorRoles,
               UUID clinicId, UUID patientId, String resourceType, String resourceId, String action, String outcome,
               String requestId, String sourceAddress, String purposeOfUse, boolean sensitive, String hash) {
    }

    /** What the verifier found; {@code checkedAgainst}: the highest published chain head it compared with (0: none). */
    record Verification(long rowsChecked, long unsealedRows, List<String> problems, long checkedAgainst) {
    }

    private static final String COLUMNS = "seq, occurred_at, actor_subject, actor_client_id, actor_roles, clinic_id, "
            + "patient_id, resource_type, resource_id, action, outcome, request_id, source_address, purpose_of_use, "
            + "sensitive, hash";

    private AuditDb() {
    }

    /** As the service connects: its application role, which may append audit rows but not change them. */
    static Connection connect(String area) throws SQLException {
        return DriverManager.getConnection(Platform.stack().jdbcUrl(area), Platform.stack().dbUser(),
                Platform.stack().dbPassword());
    }

    /** As the owner of the service's tables (who migrates): the one who can switch the guard trigger off. */
    static Connection connectAsOwner(String area) throws SQLException {
        return DriverManager.getConnection(Platform.stack().jdbcUrl(area), Platform.stack().dbOwner(),
                Platform.stack().dbOwnerPassword());
    }

    static List<Row> byRequestId(String area, String requestId) {
        try (Connection c = connect(area);
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE request_id = ? "
                     + "ORDER BY seq")) {
            ps.setString(1, requestId);
            return rows(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + area + "'s audit_log", e);
        }
    }

    /** The ids of a clinic's patients, from intake (which registers every patient). */
    static Set<String> patientsOf(UUID clinic) {
        try (Connection c = connect("intake");
             PreparedStatement ps = c.prepareStatement("SELECT id FROM patient WHERE clinic_id = ?")) {
            ps.setObject(1, clinic);
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading intake's patients", e);
        }
    }

    static Row bySeq(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            List<Row> rows = rows(ps);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(2);
                out.add(new Row(rs.getLong(1), at == null ? null : at.toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getBoolean(15), rs.getString(16)));
            }
        }
        return out;
    }

    /** Runs statements with the guard trigger disabled, in one transaction, as the table's owner (only it may). */
    static void behindTheTrigger(String area, String... statements) throws SQLException {
        try (Connection c = connectAsOwner(area); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard");
                for (String sql : statements) {
                    s.executeUpdate(sql);
                }
                s.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the verifier

    private static Method verify;
    private static Method publishedHeads;

    /**
     * The chain check of common's AuditVerifier, on a connection to the service's database, against every chain head
     * the service published to {@code iop.audit.v1}.
     */
    static Verification verify(String area) {
        try (Connection c = connect(area)) {
            verifier();
            Object heads = publishedHeads.invoke(null, Platform.stack().kafkaBootstrap(),
                    care.iop.devstack.Service.of(area).module(), Duration.ofSeconds(60));
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Object report = verify.invoke(null, c, heads);
                Class<?> type = report.getClass();
                @SuppressWarnings("unchecked")
                List<String> problems = (List<String>) type.getMethod("problems").invoke(report);
                return new Verification((long) type.getMethod("rowsChecked").invoke(report),
                        (long) type.getMethod("unsealedRows").invoke(report), List.copyOf(problems),
                        (long) type.getMethod("checkedAgainst").invoke(report));
            } finally {
                c.rollback();
            }
        } catch (ReflectiveOperationException | SQLException e) {
            throw new IllegalStateException("verifying " + area + "'s audit chain", e);
        }
    }

    private static synchronized void verifier() throws ReflectiveOperationException {
        if (verify == null) {
            Path classes = Api.repoRoot().resolve("common/target/classes");
            if (!Files.isDirectory(classes.resolve("care/iop/common/audit"))) {
                throw new IllegalStateException(classes + " has no audit classes: build the project first");
            }
            try {
                @SuppressWarnings("resource") // kept for the JVM's life, like the method it loaded
                URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                        AuditDb.class.getClassLoader());
                Method m = loader.loadClass("care.iop.common.audit.AuditVerifier").getDeclaredMethod("verify",
                        Connection.class, List.class);
                m.setAccessible(true);
                publishedHeads = loader.loadClass("care.iop.common.audit.PublishedCheckpoints").getMethod("all",
                        String.class, String.class, Duration.class);
                verify = m;
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
