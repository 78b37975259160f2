package care.iop.common.audit;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.EventType;
import care.iop.events.Topics;
import care.iop.events.audit.AuditChainCheckpointed;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service runs as its application role, which may append to the audit trail and seal it but not rewrite it; the
 * owner (who migrates) could rewrite the whole chain consistently, which the head published to {@code iop.audit.v1}
 * still reveals.
 */
@QuarkusTest
class AuditRolesTest {

    private static final String WIDGETS = "/api/v1/test/widgets";

    private final UUID clinic = UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditCheckpoints checkpoints;

    @Inject
    AuditVerifier verifier;

    @BeforeEach
    void twoRoles() {
        assumeTrue(OwnerConnection.separateRoles(), "an external test server with one account: no roles to test");
    }

    @Test
    void flyway_migrated_as_the_owner_and_the_service_connects_as_the_application_role() throws SQLException {
        try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM flyway_schema_history")).isNotEqualTo("0");
            assertThat(single(s, "SELECT count(*) FROM flyway_schema_history WHERE installed_by <> '"
                    + OwnerConnection.owner() + "'")).isEqualTo("0");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT current_user")).isEqualTo(OwnerConnection.application());
            for (String table : List.of("audit_log", "audit_chain_head", "outbox_event", "widget",
                    "flyway_schema_history")) {
                assertThat(single(s, "SELECT tableowner FROM pg_tables WHERE tablename = '" + table + "'"))
                        .as("owner of " + table).isEqualTo(OwnerConnection.owner());
            }
            assertThat(single(s, "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                    + "WHERE rolname = current_user")).isEqualTo("f");
            // A table of a later migration (the test app's own) is the application's to write, by default privileges.
            assertThat(single(s, "SELECT has_table_privilege('widget', 'SELECT, INSERT, UPDATE, DELETE')"))
                    .isEqualTo("t");
            assertThat(single(s, "SELECT has_table_privilege('audit_log', 'SELECT, INSERT')")).isEqualTo("t");
            for (String privilege : List.of("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")) {
                assertThat(single(s, "SELECT has_table_privilege('audit_log', '" + privilege + "')"))
                        .as(privilege).isEqualTo("f");
            }
        }
    }

    @Test
    void the_application_role_cannot_change_delete_truncate_unguard_or_drop_the_audit_log() throws SQLException {
        UUID patient = UUID.randomUUID();
        createWidget(patient, "ROL-001");
        sealer.sealPending();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String row = "WHERE patient_id = '" + patient + "'";
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor_subject = 'someone-else' " + row))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log " + row))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("ALTER TABLE audit_log DISABLE TRIGGER ALL"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("SET session_replication_role = replica"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DROP TABLE audit_log")).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("DROP TRIGGER audit_log_guard ON audit_log"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.execute("DROP TABLE audit_chain_head")).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_chain_head"))
                    .hasMessageContaining("permission denied");
            // The seal columns it may update, for the sealer; the guard trigger refuses a sealed row's seal.
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET hash = 'x' " + row))
                    .hasMessageContaining("cannot be changed");
            // It creates no tables of its own either.
            assertThatThrownBy(() -> s.execute("CREATE TABLE audit_log_copy (id int)"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void a_checkpoint_of_the_chain_head_is_published_and_matches_its_schema() throws SQLException {
        createWidget(UUID.randomUUID(), "ROL-002");
        sealer.sealPending();
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        try (EventCapture events = EventCapture.from(Topics.AUDIT)) {
            AuditCheckpoints.Checkpoint published = checkpoints.publish().orElseThrow();
            AuditChainCheckpointed expected = new AuditChainCheckpointed(service, published.chainIndex(),
                    published.hash(), published.sealedAt());
            // (the sealer may have published the same head a moment earlier, with an earlier time)
            EventCapture.Captured record = events.awaitRecord(r -> r.event() != null
                    && r.event().type().equals(EventType.AUDIT_CHAIN_CHECKPOINTED.type())
                    && EventJson.read(r.event().data(), AuditChainCheckpointed.class).equals(expected),
                    EventCapture.DEFAULT_TIMEOUT);
            EventSchemas.assertValid(record.value());
            CloudEvent event = record.event();
            assertThat(record.key()).isEqualTo(AuditChainCheckpointed.subjectOf(service).toString());
            assertThat(event.source()).isEqualTo("/iop/" + service);
            assertThat(event.clinicid()).isNull();
            assertThat(event.requestid()).isNull();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT chain_index || ' ' || hash FROM audit_chain_head"))
                        .isEqualTo(published.chainIndex() + " " + published.hash());
            }
        }
        // Published once: the periodic job finds nothing new to publish.
        assertThat(checkpoints.publishIfDue(false)).isEmpty();
    }

    @Test
    void a_rewrite_of_the_whole_chain_by_the_owner_is_found_against_the_published_head() throws SQLException {
        UUID patient = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            createWidget(i == 0 ? patient : UUID.randomUUID(), "ROL-1" + i + "0");
        }
        sealer.sealPending();
        AuditCheckpoints.Checkpoint published = checkpoints.publish().orElseThrow();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                PublishedCheckpoints.latest(bootstrap, service, Duration.ofSeconds(10)).orElse(null), published::equals);
        assertThat(verifier.verifyAgainstPublished().problems()).noneMatch(p -> p.contains("rewritten"));

        long target;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            target = Long.parseLong(single(s, "SELECT seq FROM audit_log WHERE patient_id = '" + patient
                    + "' ORDER BY seq LIMIT 1"));
        }
        Snapshot before = Snapshot.take();
        try {
            // Someone with the owner's rights: the guard off, a row changed, every row after it rehashed, the head too.
            rewrite(target, "covering-tracks");
            AuditVerifier.Report alone = verifier.verify();
            assertThat(alone.problems()).as("the rewritten chain is consistent in itself")
                    .noneMatch(p -> p.startsWith("seq " + target + " ") || p.contains("head records"));
            AuditVerifier.Report against = verifier.verifyAgainstPublished();
            assertThat(against.checkedAgainst()).isGreaterThanOrEqualTo(published.chainIndex());
            assertThat(against.problems()).anyMatch(p -> p.contains("chain " + published.chainIndex() + ")")
                    && p.contains("the chain was rewritten"));
            assertThat(String.join("\n", against.problems())).doesNotContain("covering-tracks");
            assertThat(verifier.verify(published).problems()).anyMatch(p -> p.contains("the chain was rewritten"));
        } finally {
            before.restore();
        }
        assertThat(verifier.verifyAgainstPublished().problems()).noneMatch(p -> p.contains("rewritten"));
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private void createWidget(UUID patient, String code) {
        RestAssured.given().header("Authorization", TestTokens.staff(clinic, "clinician").bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("patientId", patient.toString(), "code", code, "colour", "RED"))
                .post(WIDGETS).then().statusCode(201);
    }

    /** What the owner would do: rehash every sealed row in chain order after changing one, and move the head. */
    private static void rewrite(long seq, String actorSubject) throws SQLException {
        try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard");
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_log SET actor_subject = ? WHERE seq = ?")) {
                ps.setString(1, actorSubject);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            String hash = AuditChain.GENESIS;
            long last = 0;
            try (PreparedStatement select = c.prepareStatement("SELECT " + AuditChain.CONTENT_COLUMNS
                    + ", chain_index FROM audit_log WHERE chain_index IS NOT NULL ORDER BY chain_index");
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String next = AuditChain.hash(hash, rs);
                    update.setString(1, hash);
                    update.setString(2, next);
                    update.setLong(3, rs.getLong(1));
                    update.executeUpdate();
                    hash = next;
                    last = rs.getLong("chain_index");
                }
            }
            try (PreparedStatement head = c.prepareStatement(
                    "UPDATE audit_chain_head SET chain_index = ?, hash = ? WHERE id = 1")) {
                head.setLong(1, last);
                head.setString(2, hash);
                head.executeUpdate();
            }
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard");
            c.commit();
        }
    }

    /** The chain as it was, to put back after the rewrite (as the owner, behind the trigger). */
    private record Snapshot(List<Object[]> rows, long headIndex, String headHash) {

        static Snapshot take() throws SQLException {
            List<Object[]> rows = new ArrayList<>();
            try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT seq, actor_subject, prev_hash, hash FROM audit_log "
                        + "WHERE chain_index IS NOT NULL")) {
                    while (rs.next()) {
                        rows.add(new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT chain_index, hash FROM audit_chain_head")) {
                    rs.next();
                    return new Snapshot(rows, rs.getLong(1), rs.getString(2));
                }
            }
        }

        void restore() throws SQLException {
            try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard");
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE audit_log SET actor_subject = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                    for (Object[] row : rows) {
                        ps.setString(1, (String) row[1]);
                        ps.setString(2, (String) row[2]);
                        ps.setString(3, (String) row[3]);
                        ps.setLong(4, (Long) row[0]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE audit_chain_head SET chain_index = ?, hash = ? WHERE id = 1")) {
                    ps.setLong(1, headIndex);
                    ps.setString(2, headHash);
                    ps.executeUpdate();
                }
                s.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard");
                c.commit();
            }
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
