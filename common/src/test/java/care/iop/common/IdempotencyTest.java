package care.iop.common;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class IdempotencyTest {

    private final UUID clinic = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    /** Keys are scoped to the caller: the same person retries with the same identity. */
    private final String caller = clinician(clinic);

    @Inject
    EntityManager em;

    private long widgets(String code) {
        return (Long) em.createQuery("select count(w) from Widget w where w.clinicId = :c and w.code = :code")
                .setParameter("c", clinic).setParameter("code", code).getSingleResult();
    }

    @Test
    void replay_returns_the_first_response_and_creates_nothing_more() {
        String key = UUID.randomUUID().toString();
        Response first = as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-001"))
                .post(WIDGETS);
        first.then().statusCode(201);
        Response again = as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-001"))
                .post(WIDGETS);
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", equalTo(first.header("Location")))
                .header("ETag", equalTo(first.header("ETag")))
                .body("id", equalTo(first.path("id")));
        assertThat(widgets("IDM-001")).isEqualTo(1);
    }

    @Test
    void same_key_with_another_body_is_422() {
        String key = UUID.randomUUID().toString();
        as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-002")).post(WIDGETS)
                .then().statusCode(201);
        as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-003")).post(WIDGETS)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:iop:problem:unprocessable"));
        assertThat(widgets("IDM-003")).isZero();
    }

    @Test
    void keys_are_scoped_to_the_caller() {
        String key = UUID.randomUUID().toString();
        UUID otherClinic = UUID.randomUUID();
        as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-004")).post(WIDGETS)
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);
        as(clinician(otherClinic)).header("Idempotency-Key", key).body(widget(patient, "IDM-004")).post(WIDGETS)
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void a_failed_first_attempt_leaves_the_key_free_for_a_retry() {
        String key = UUID.randomUUID().toString();
        as(caller).header("Idempotency-Key", key).body(java.util.Map.of("code", "bad")).post(WIDGETS)
                .then().statusCode(400);
        as(caller).header("Idempotency-Key", key).body(widget(patient, "IDM-005")).post(WIDGETS)
                .then().statusCode(201);
    }

    @Inject
    care.iop.common.idempotency.Housekeeping housekeeping;

    @Test
    void expired_keys_are_purged_and_live_ones_kept() {
        String live = UUID.randomUUID().toString();
        as(caller).header("Idempotency-Key", live).body(widget(patient, "IDM-008")).post(WIDGETS).then().statusCode(201);
        String expired = "expired-" + UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into idempotency_key (scope, idempotency_key, request_hash, response_status, expires_at) "
                                + "values ('test', ?1, 'h', 201, now() - interval '1 hour')")
                .setParameter(1, expired).executeUpdate());
        housekeeping.purgeExpired();
        assertThat(keyRows(expired)).isZero();
        assertThat(keyRows(live)).isEqualTo(1);
    }

    private long keyRows(String key) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from idempotency_key where idempotency_key = ?1")
                .setParameter(1, key).getSingleResult()).longValue());
    }

    @Test
    void malformed_key_is_refused() {
        as(caller).header("Idempotency-Key", "x".repeat(300)).body(widget(patient, "IDM-006"))
                .post(WIDGETS).then().statusCode(400).body("violations[0].field", equalTo("Idempotency-Key"));
        assertThat(widgets("IDM-006")).isZero();
    }

    @Test
    void concurrent_duplicates_create_one_record_and_answer_alike() throws Exception {
        String key = UUID.randomUUID().toString();
        String token = clinician(clinic);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Response> call = () -> as(token).header("Idempotency-Key", key)
                        .body(widget(patient, "IDM-007")).post(WIDGETS);
                calls.add(pool.submit(call));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> call : calls) {
                Response r = call.get();
                assertThat(r.statusCode()).isEqualTo(201);
                ids.add(r.path("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(widgets("IDM-007")).isEqualTo(1);
    }

    // --- issue #16: stored answers are encrypted, bound to their key, and replayed exactly --------------------

    private byte[] sealed(String key) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> (byte[]) em
                .createNativeQuery("select response_sealed from idempotency_key where idempotency_key = ?1")
                .setParameter(1, key).getSingleResult());
    }

    private void sql(String statement, Object... parameters) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            var query = em.createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
        });
    }

    @Test
    void the_stored_answer_holds_no_plaintext_and_a_replay_returns_the_exact_body() {
        String key = UUID.randomUUID().toString();
        Response first = as(caller).header("Idempotency-Key", key).body(widget(patient, "ENC-001")).post(WIDGETS);
        first.then().statusCode(201);
        String id = first.path("id");

        byte[] stored = sealed(key);
        String asText = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(stored).isNotEmpty();
        assertThat(asText).doesNotContain("ENC-001").doesNotContain(patient.toString()).doesNotContain(id)
                .doesNotContain("RED");
        long plaintextColumns = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from information_schema.columns where table_name = "
                        + "'idempotency_key' and column_name in ('response_body', 'response_location', "
                        + "'response_etag', 'audit_entries')").getSingleResult()).longValue());
        assertThat(plaintextColumns).isZero();

        Response again = as(caller).header("Idempotency-Key", key).body(widget(patient, "ENC-001")).post(WIDGETS);
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", equalTo(first.header("Location"))).header("ETag", equalTo(first.header("ETag")));
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(widgets("ENC-001")).isEqualTo(1);
    }

    @Test
    void a_tampered_answer_is_neither_replayed_nor_run_again() {
        String key = UUID.randomUUID().toString();
        as(caller).header("Idempotency-Key", key).body(widget(patient, "ENC-002")).post(WIDGETS)
                .then().statusCode(201);
        sql("update idempotency_key set response_sealed = set_byte(response_sealed, 20, "
                + "get_byte(response_sealed, 20) # 1) where idempotency_key = ?1", key);

        as(caller).header("Idempotency-Key", key).body(widget(patient, "ENC-002")).post(WIDGETS)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:iop:problem:conflict"))
                .body("detail", org.hamcrest.Matchers.containsString("carried out"))
                .body("id", org.hamcrest.Matchers.nullValue());
        assertThat(widgets("ENC-002")).as("not created twice").isEqualTo(1);
    }

    @Test
    void another_keys_answer_copied_onto_a_key_does_not_open() {
        String mine = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        as(caller).header("Idempotency-Key", mine).body(widget(patient, "ENC-003")).post(WIDGETS)
                .then().statusCode(201);
        String otherId = as(caller).header("Idempotency-Key", other).body(widget(patient, "ENC-004")).post(WIDGETS)
                .then().statusCode(201).extract().path("id");
        sql("update idempotency_key set response_sealed = (select response_sealed from idempotency_key "
                + "where idempotency_key = ?1) where idempotency_key = ?2", other, mine);

        as(caller).header("Idempotency-Key", mine).body(widget(patient, "ENC-003")).post(WIDGETS)
                .then().statusCode(409).body("id", org.hamcrest.Matchers.nullValue());
        assertThat(otherId).isNotNull();
        assertThat(widgets("ENC-003")).isEqualTo(1);
    }
}
