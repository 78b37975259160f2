package care.iop.common;

import care.iop.events.CloudEvent;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class RequestIdTest {

    private final UUID clinic = UUID.randomUUID();

    @Test
    void an_offered_id_is_echoed_in_header_problem_event_and_audit() {
        UUID patient = UUID.randomUUID();
        String requestId = "ehr-" + UUID.randomUUID();
        try (EventCapture events = EventCapture.from(Topics.INTAKE, Topics.AUDIT)) {
            as(clinician(clinic)).header("X-Request-Id", requestId).body(widget(patient, "RID-001")).post(WIDGETS)
                    .then().statusCode(201).header("X-Request-Id", requestId);
            CloudEvent domain = events.awaitRecord(r -> r.event() != null && r.topic().equals(Topics.INTAKE)
                    && r.event().subject().equals(patient.toString()), EventCapture.DEFAULT_TIMEOUT).event();
            CloudEvent audit = events.awaitRecord(r -> r.event() != null && r.topic().equals(Topics.AUDIT)
                    && r.event().subject().equals(patient.toString()), EventCapture.DEFAULT_TIMEOUT).event();
            assertThat(domain.requestid()).isEqualTo(requestId);
            assertThat(audit.requestid()).isEqualTo(requestId);
            assertThat(audit.data().get("requestId").asText()).isEqualTo(requestId);
        }
        as(clinician(clinic)).header("X-Request-Id", requestId).get(WIDGETS + "/" + UUID.randomUUID())
                .then().statusCode(404).body("requestId", equalTo(requestId));
    }

    @Test
    void a_missing_or_unsafe_id_is_replaced_by_a_generated_one() {
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        RestAssured.given().get("/q/health/live").then().header("X-Request-Id", matchesPattern(uuid));
        RestAssured.given().header("X-Request-Id", "bad id\twith <script>").get("/q/health/live")
                .then().header("X-Request-Id", matchesPattern(uuid));
    }
}
