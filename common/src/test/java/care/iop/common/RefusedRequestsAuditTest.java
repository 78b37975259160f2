package care.iop.common;

import care.iop.common.audit.RefusalAudit;
import care.iop.testkit.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #15: refused and failed requests leave exactly one audit row each, written although the request's own
 * transaction rolled back; unauthenticated requests are counted per address and minute instead; a replayed
 * Idempotency-Key answer is audited like the request it answers. And every answer carries the safe headers.
 */
@QuarkusTest
class RefusedRequestsAuditTest {

    private final UUID clinicA = UUID.randomUUID();
    private final UUID clinicB = UUID.randomUUID();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RefusalAudit refusals;

    record Row(String outcome, String action, String resourceType, String resourceId, UUID clinicId, UUID patientId,
               String subject, String sourceAddress) {
    }

    @Test
    void a_foreign_id_a_forbidden_role_and_an_invalid_body_each_leave_one_row() throws SQLException {
        UUID patient = UUID.randomUUID();
        String id = as(clinician(clinicA)).body(widget(patient, "REF-001")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");

        as(TestTokens.staff(clinicB, "clinician").subject("snooper-1").bearer()).header("X-Request-Id", "ref-404-" + id)
                .get(WIDGETS + "/" + id).then().statusCode(404);
        assertThat(rows("ref-404-" + id)).containsExactly(new Row("denied", "read", "widgets", id, clinicB, null,
                "snooper-1", "127.0.0.1"));

        as(TestTokens.staff(clinicA, "coordinator").subject("coord-1").bearer()).header("X-Request-Id", "ref-403-" + id)
                .get(WIDGETS + "/" + id).then().statusCode(403);
        assertThat(rows("ref-403-" + id)).containsExactly(new Row("denied", "read", "widgets", id, clinicA, null,
                "coord-1", "127.0.0.1"));

        as(TestTokens.staff(clinicA, "clinician").subject("clin-1").bearer()).header("X-Request-Id", "ref-400-" + id)
                .body(Map.of("patientId", patient.toString(), "code", "bad code", "colour", "RED"))
                .post(WIDGETS).then().statusCode(400);
        assertThat(rows("ref-400-" + id)).containsExactly(new Row("failure", "create", "widgets", null, clinicA, null,
                "clin-1", "127.0.0.1"));
    }

    @Test
    void a_success_leaves_no_refusal_row_and_a_failed_write_only_its_refusal() throws SQLException {
        UUID patient = UUID.randomUUID();
        as(clinician(clinicA)).header("X-Request-Id", "ok-" + patient).body(widget(patient, "REF-002"))
                .post(WIDGETS).then().statusCode(201);
        assertThat(rows("ok-" + patient)).extracting(Row::outcome).containsExactly("success");

        as(clinician(clinicA)).header("X-Request-Id", "boom-" + patient).body(widget(patient, "REF-003"))
                .post(WIDGETS + "/rollback").then().statusCode(500);
        assertThat(rows("boom-" + patient)).extracting(Row::outcome).containsExactly("failure");
    }

    @Test
    void unauthenticated_requests_are_counted_per_address_and_minute_not_stored_one_by_one() throws SQLException {
        String address = "198.51.100." + (1 + (int) (Math.random() * 250));
        Instant started = Instant.now();
        for (int i = 0; i < 25; i++) {
            RestAssured.given().header("Authorization", "Bearer not-a-token").header("X-Forwarded-For", address)
                    .get(WIDGETS + "/" + UUID.randomUUID()).then().statusCode(401);
        }
        assertThat(countsFrom(address)).as("nothing written while the minute lasts, or at most its finished part")
                .allMatch(n -> n <= 25);
        refusals.flush(Instant.MAX);
        assertThat(countsFrom(address).stream().mapToLong(Long::longValue).sum()).isEqualTo(25);
        assertThat(countsFrom(address).size()).isLessThanOrEqualTo(2); // the minute may have turned during the loop
        assertThat(started).isBefore(Instant.now());
    }

    @Test
    void a_replayed_idempotent_answer_is_audited_like_the_request_it_answers() throws SQLException {
        UUID patient = UUID.randomUUID();
        String key = "replay-" + patient;
        String sameCaller = clinician(clinicA);
        for (int i = 0; i < 2; i++) {
            as(sameCaller).header("Idempotency-Key", key).header("X-Request-Id", "idem-" + i + "-" + patient)
                    .body(widget(patient, "REP-001")).post(WIDGETS).then().statusCode(201);
        }
        List<Row> original = rows("idem-0-" + patient);
        List<Row> replay = rows("idem-1-" + patient);
        assertThat(original).hasSize(1);
        assertThat(replay).isEqualTo(original);
        assertThat(replay.get(0).patientId()).isEqualTo(patient);
    }

    @Test
    void answers_carry_safe_headers_and_trace_is_not_allowed() {
        UUID patient = UUID.randomUUID();
        String id = as(clinician(clinicA)).body(widget(patient, "HDR-001")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");
        as(clinician(clinicA)).get(WIDGETS + "/" + id).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", startsWith("default-src 'none'"));
        as(clinician(clinicA)).get(WIDGETS + "/" + UUID.randomUUID()).then().statusCode(404)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        RestAssured.given().header("Authorization", clinician(clinicA)).request("TRACE", WIDGETS + "/" + id)
                .then().statusCode(405).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(405));
    }

    /**
     * The rows of a request, once it has some: a refusal made before the request reached a worker thread (the
     * role check answers 403 on the event loop) is written by a worker just after the answer.
     */
    private List<Row> rows(String requestId) throws SQLException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Row> rows = rowsNow(requestId);
        while (rows.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            rows = rowsNow(requestId);
        }
        return rows;
    }

    private List<Row> rowsNow(String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT outcome, action, resource_type, resource_id, clinic_id, patient_id, actor_subject, "
                        + "source_address FROM audit_log WHERE request_id = ? ORDER BY seq")) {
            ps.setString(1, requestId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7),
                            rs.getString(8)));
                }
            }
            return rows;
        }
    }

    private List<Long> countsFrom(String address) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT resource_id FROM audit_log WHERE resource_type = ? AND source_address = ? "
                        + "AND outcome = 'denied' AND actor_subject IS NULL")) {
            ps.setString(1, RefusalAudit.UNAUTHENTICATED);
            ps.setString(2, address);
            List<Long> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(Long.parseLong(rs.getString(1)));
                }
            }
            return counts;
        }
    }
}
