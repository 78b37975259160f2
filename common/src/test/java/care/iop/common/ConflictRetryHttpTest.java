package care.iop.common;

import care.iop.common.testapp.RacingWidgetResource;
import care.iop.common.transaction.ConflictRetry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Races a client did not ask about are retried by the server; 412 answers a stale If-Match only. */
@QuarkusTest
class ConflictRetryHttpTest {

    private static final String RACING = "/api/v1/test/racing-widgets/";

    private final UUID clinic = UUID.randomUUID();
    private final String caller = clinician(clinic);

    @Inject
    EntityManager em;

    private UUID newWidget() {
        return UUID.fromString(as(caller).body(widget(UUID.randomUUID(), "RCE-001")).post(WIDGETS).then()
                .statusCode(201).extract().path("id"));
    }

    private int attempts(UUID id) {
        return RacingWidgetResource.ATTEMPTS.get(id).get();
    }

    private Response recolour(UUID id, int losses, String ifMatch, String key) {
        var request = as(caller).queryParam("losses", losses).body(Map.of("colour", "GREEN"));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post(RACING + id + "/recolour");
    }

    @Test
    void a_lost_race_is_retried_and_succeeds() {
        UUID id = newWidget();
        recolour(id, 2, null, null).then().statusCode(200).body("attempts", equalTo(3));
        assertThat(attempts(id)).isEqualTo(3);
        as(caller).get(WIDGETS + "/" + id).then().body("colour", equalTo("GREEN"));
    }

    @Test
    void a_race_lost_every_time_is_a_503_with_retry_after_and_a_joined_transaction_is_not_retried_itself() {
        UUID id = newWidget();
        as(caller).post(RACING + id + "/nested").then().statusCode(503).header("Retry-After", "5")
                .body("type", equalTo("urn:iop:problem:service-unavailable"));
        // The outermost transaction ran MAX_ATTEMPTS times; the joined one inside it never retried on its own.
        assertThat(attempts(id)).isEqualTo(ConflictRetry.MAX_ATTEMPTS);
    }

    @Test
    void if_match_is_checked_again_on_retry_so_a_tag_made_stale_by_the_race_is_412() {
        UUID id = newWidget();
        recolour(id, 1, "\"0\"", null).then().statusCode(412)
                .body("type", equalTo("urn:iop:problem:precondition-failed"));
        assertThat(attempts(id)).isEqualTo(2);
        String current = as(caller).get(WIDGETS + "/" + id).then().extract().header("ETag");
        recolour(id, 0, current, null).then().statusCode(200);
    }

    @Test
    void an_idempotency_key_claimed_by_a_lost_attempt_is_claimed_again_and_replays_the_one_answer() {
        UUID id = newWidget();
        String key = UUID.randomUUID().toString();
        Response first = recolour(id, 2, null, key);
        first.then().statusCode(200).body("attempts", equalTo(3));
        recolour(id, 2, null, key).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("attempts", equalTo(3)).body("version", equalTo(first.path("version")));
        assertThat(attempts(id)).isEqualTo(3);
        long keys = ((Number) em.createNativeQuery("select count(*) from idempotency_key where idempotency_key = ?1")
                .setParameter(1, key).getSingleResult()).longValue();
        assertThat(keys).isEqualTo(1);
    }
}
