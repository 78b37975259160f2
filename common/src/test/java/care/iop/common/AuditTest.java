package care.iop.common;

import care.iop.common.audit.AuditSealer;
import care.iop.common.audit.AuditVerifier;
import care.iop.common.audit.OwnerConnection;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@QuarkusTest
class AuditTest {

    private final UUID clinic = UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditVerifier verifier;

    @Test
    void reads_and_writes_leave_complete_audit_records_published_without_the_source_address() throws Exception {
        UUID patient = UUID.randomUUID();
        var token = care.iop.testkit.TestTokens.staff(clinic, "clinician").subject("staff-42");
        try (EventCapture events = EventCapture.from(Topics.AUDIT)) {
            String id = as(token.bearer()).header("X-Request-Id", "audit-req-1").header("X-Purpose-Of-Use", "HOPERAT")
                    .body(widget(patient, "AUD-001")).post(WIDGETS).then().statusCode(201).extract().path("id");
            as(token.bearer()).get(WIDGETS + "/" + id).then().statusCode(200);

            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select * from audit_log where patient_id = '" + patient
                         + "' order by seq")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("action")).isEqualTo("create");
                assertThat(rs.getString("actor_subject")).isEqualTo("staff-42");
                assertThat(rs.getString("actor_client_id")).isEqualTo("iop-staff-app");
                assertThat(rs.getString("actor_roles")).isEqualTo("clinician");
                assertThat(rs.getObject("clinic_id")).isEqualTo(clinic);
                assertThat(rs.getString("resource_type")).isEqualTo("Widget");
                assertThat(rs.getString("resource_id")).isEqualTo(id);
                assertThat(rs.getString("outcome")).isEqualTo("success");
                assertThat(rs.getString("request_id")).isEqualTo("audit-req-1");
                assertThat(rs.getString("source_address")).isEqualTo("127.0.0.1");
                assertThat(rs.getString("purpose_of_use")).isEqualTo("HOPERAT");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("action")).isEqualTo("read");
            }
            var published = events.awaitCount(r -> patient.toString().equals(r.key()), 2, EventCapture.DEFAULT_TIMEOUT);
            for (var record : published) {
                EventSchemas.assertValid(record.value());
                assertThat(record.value()).doesNotContain("127.0.0.1");
            }
        }
    }

    @Test
    void the_table_refuses_updates_and_deletes() throws SQLException {
        UUID patient = UUID.randomUUID();
        as(Api.clinician(clinic)).body(widget(patient, "AUD-002")).post(WIDGETS).then().statusCode(201);
        sealer.sealPending();
        // The service's own role has no right to (AuditRolesTest); the guard trigger refuses even the owner.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assumeTrue(OwnerConnection.separateRoles(), "an external test server with one account");
            assertThatThrownBy(() -> s.executeUpdate("update audit_log set actor_subject = 'someone-else' where patient_id = '"
                    + patient + "'")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_log where patient_id = '" + patient + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_log")).hasMessageContaining("permission denied");
        }
        try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_log set actor_subject = 'someone-else' where patient_id = '"
                    + patient + "'")).hasMessageContaining("cannot be changed");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_log where patient_id = '" + patient + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("truncate audit_log")).hasMessageContaining("append-only");
        }
    }

    @Test
    void the_verifier_detects_an_edited_row_a_deleted_row_and_a_cut_tail() throws SQLException {
        for (int i = 0; i < 5; i++) {
            as(Api.clinician(clinic)).body(widget(UUID.randomUUID(), "AUD-1" + i + "0")).post(WIDGETS)
                    .then().statusCode(201);
        }
        sealer.sealPending();
        AuditVerifier.Report clean = verifier.verify();
        assertThat(clean.problems()).isEmpty();
        assertThat(clean.rowsChecked()).isGreaterThanOrEqualTo(5);

        long edited;
        long deleted;
        try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
            edited = single(s, "select seq from audit_log where chain_index is not null order by chain_index offset 1 limit 1");
            deleted = single(s, "select seq from audit_log where chain_index is not null order by chain_index offset 3 limit 1");
            // Someone with owner rights bypasses the guard trigger:
            s.execute("alter table audit_log disable trigger audit_log_guard");
            try {
                s.executeUpdate("update audit_log set actor_subject = 'covering-tracks' where seq = " + edited);
                s.executeUpdate("delete from audit_log where seq = " + deleted);
            } finally {
                s.execute("alter table audit_log enable trigger audit_log_guard");
            }
        }
        AuditVerifier.Report tampered = verifier.verify();
        assertThat(tampered.intact()).isFalse();
        assertThat(tampered.problems()).anyMatch(p -> p.startsWith("seq " + edited + " ") && p.contains("changed"));
        assertThat(tampered.problems()).anyMatch(p -> p.contains("missing (rows deleted)"));
        assertThat(String.join("\n", tampered.problems())).doesNotContain("covering-tracks");

        try (Connection c = OwnerConnection.open(); Statement s = c.createStatement()) {
            long last = single(s, "select seq from audit_log where chain_index is not null order by chain_index desc limit 1");
            s.execute("alter table audit_log disable trigger audit_log_guard");
            try {
                s.executeUpdate("delete from audit_log where seq = " + last);
            } finally {
                s.execute("alter table audit_log enable trigger audit_log_guard");
            }
        }
        assertThat(verifier.verify().problems()).anyMatch(p -> p.contains("rows deleted from the end"));
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
