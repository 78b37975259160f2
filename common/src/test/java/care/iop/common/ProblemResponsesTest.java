package care.iop.common;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static care.iop.common.Api.WIDGETS;
import static care.iop.common.Api.as;
import static care.iop.common.Api.clinician;
import static care.iop.common.Api.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Every failure class answers with an RFC 9457 problem, the right status, and nothing written. */
@QuarkusTest
class ProblemResponsesTest {

    private final UUID clinic = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();

    @Inject
    EntityManager em;

    private static ValidatableResponse problem(ValidatableResponse r, int status, String slug) {
        return r.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:iop:problem:" + slug))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("requestId", notNullValue())
                .header("X-Request-Id", notNullValue());
    }

    private long widgetsOfClinic() {
        return (Long) em.createQuery("select count(w) from Widget w where w.clinicId = :c")
                .setParameter("c", clinic).getSingleResult();
    }

    @Test
    void bean_validation_lists_each_violation_and_writes_nothing() {
        problem(as(clinician(clinic)).body(Map.of("code", "bad", "colour", "RED",
                        "tags", java.util.List.of(Map.of("label", ""))))
                .post(WIDGETS).then(), 400, "validation-failed")
                .body("violations.field", hasItem("patientId"))
                .body("violations.field", hasItem("code"))
                .body("violations.field", hasItem("tags[0].label"))
                .body("instance", equalTo(WIDGETS));
        assertThat(widgetsOfClinic()).isZero();
    }

    @Test
    void missing_body_is_a_validation_problem() {
        problem(as(clinician(clinic)).post(WIDGETS).then(), 400, "validation-failed");
    }

    @Test
    void malformed_json_is_400() {
        problem(as(clinician(clinic)).body("{\"patientId\": ").post(WIDGETS).then(), 400, "malformed-json");
        assertThat(widgetsOfClinic()).isZero();
    }

    @Test
    void unknown_property_is_named() {
        var body = new java.util.HashMap<>(widget(patient, "ABC-001"));
        body.put("clinicId", UUID.randomUUID().toString());
        problem(as(clinician(clinic)).body(body).post(WIDGETS).then(), 400, "validation-failed")
                .body("violations[0].field", equalTo("clinicId"))
                .body("violations[0].message", equalTo("unknown property"));
        assertThat(widgetsOfClinic()).isZero();
    }

    @Test
    void wrong_enum_value_lists_the_allowed_ones_without_echoing_the_input() {
        var body = new java.util.HashMap<>(widget(patient, "ABC-001"));
        body.put("colour", "John Smith");
        problem(as(clinician(clinic)).body(body).post(WIDGETS).then(), 400, "validation-failed")
                .body("violations[0].field", equalTo("colour"))
                .body("violations[0].message", containsString("RED"))
                .body(not(containsString("John Smith")));
    }

    @Test
    void wrong_date_format_and_wrong_type_are_400() {
        var badDate = new java.util.HashMap<>(widget(patient, "ABC-001"));
        badDate.put("dueDate", "01/12/2026");
        problem(as(clinician(clinic)).body(badDate).post(WIDGETS).then(), 400, "validation-failed")
                .body("violations[0].field", equalTo("dueDate"));
        var badType = new java.util.HashMap<>(widget(patient, "ABC-001"));
        badType.put("tags", "not-a-list");
        problem(as(clinician(clinic)).body(badType).post(WIDGETS).then(), 400, "validation-failed")
                .body("violations[0].field", equalTo("tags"));
        var badUuid = new java.util.HashMap<>(widget(patient, "ABC-001"));
        badUuid.put("patientId", "123");
        problem(as(clinician(clinic)).body(badUuid).post(WIDGETS).then(), 400, "validation-failed")
                .body("violations[0].field", equalTo("patientId"));
        assertThat(widgetsOfClinic()).isZero();
    }

    @Test
    void unknown_and_foreign_ids_are_both_404() {
        String id = as(clinician(clinic)).body(widget(patient, "ABC-002")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");
        problem(as(clinician(UUID.randomUUID())).get(WIDGETS + "/" + id).then(), 404, "not-found");
        problem(as(clinician(clinic)).get(WIDGETS + "/" + UUID.randomUUID()).then(), 404, "not-found");
        problem(as(clinician(clinic)).get(WIDGETS + "/not-a-uuid").then(), 404, "not-found");
    }

    @Test
    void unknown_route_and_wrong_method_are_problems() {
        problem(as(clinician(clinic)).get("/api/v1/test/nothing-here").then(), 404, "not-found");
        problem(as(clinician(clinic)).delete(WIDGETS).then(), 405, "method-not-allowed");
    }

    @Test
    void role_without_permission_is_403() {
        problem(as(TestTokens.staff(clinic, "auditor").bearer()).body(widget(patient, "ABC-003")).post(WIDGETS).then(),
                403, "forbidden");
        assertThat(widgetsOfClinic()).isZero();
    }

    @Test
    void clinic_bound_operation_without_clinic_claim_is_403() {
        problem(as(TestTokens.partner(UUID.randomUUID()).roles("clinician").bearer()).body(widget(patient, "ABC-004"))
                .post(WIDGETS).then(), 403, "forbidden");
    }

    @Test
    void missing_or_broken_tokens_are_401() {
        problem(RestAssured.given().contentType(ContentType.JSON).get(WIDGETS + "/" + UUID.randomUUID()).then(),
                401, "unauthorized").header("WWW-Authenticate", startsWith("Bearer"));
        TestTokens token = TestTokens.staff(clinic, "clinician");
        for (String bad : new String[]{
                TestTokens.staff(clinic, "clinician").issuedAgo(Duration.ofMinutes(10)).sign(),
                TestTokens.staff(clinic, "clinician").issuer("https://evil.example/realms/iop").sign(),
                TestTokens.staff(clinic, "clinician").audience("another-api").sign(),
                TestTokens.staff(clinic, "clinician").signedByForeignKey().sign(),
                token.tampered(),
                TestTokens.staff(clinic, "clinician").unsigned(),
                "not-a-jwt"}) {
            problem(as("Bearer " + bad).get(WIDGETS + "/" + UUID.randomUUID()).then(), 401, "unauthorized");
        }
    }

    @Test
    void duplicate_unique_value_is_409() {
        as(clinician(clinic)).body(widget(patient, "ABC-005")).post(WIDGETS).then().statusCode(201);
        problem(as(clinician(clinic)).body(widget(patient, "ABC-005")).post(WIDGETS).then(), 409, "conflict")
                .body(not(containsString("ABC-005")));
        assertThat(widgetsOfClinic()).isEqualTo(1);
    }

    @Test
    void illegal_transition_is_409_and_changes_nothing() {
        String id = as(clinician(clinic)).body(widget(patient, "ABC-006")).post(WIDGETS).then().statusCode(201)
                .extract().path("id");
        problem(as(clinician(clinic)).body(Map.of("status", "RETIRED")).post(WIDGETS + "/" + id + "/status").then(),
                409, "illegal-state-transition")
                .body("currentState", equalTo("DRAFT"))
                .body("requestedState", equalTo("RETIRED"));
        as(clinician(clinic)).get(WIDGETS + "/" + id).then().statusCode(200).body("status", equalTo("DRAFT"))
                .header("ETag", equalTo("\"0\""));
    }

    @Test
    void if_match_required_428_stale_412_and_current_accepted() {
        String id = as(clinician(clinic)).body(widget(patient, "ABC-007")).post(WIDGETS).then().statusCode(201)
                .header("ETag", equalTo("\"0\"")).extract().path("id");
        String url = WIDGETS + "/" + id + "/colour";
        problem(as(clinician(clinic)).body("\"BLUE\"").put(url).then(), 428, "precondition-required");
        problem(as(clinician(clinic)).header("If-Match", "\"5\"").body("\"BLUE\"").put(url).then(), 412,
                "precondition-failed");
        problem(as(clinician(clinic)).header("If-Match", "W/\"0\"").body("\"BLUE\"").put(url).then(), 412,
                "precondition-failed");
        as(clinician(clinic)).header("If-Match", "\"0\"").body("\"BLUE\"").put(url).then().statusCode(200)
                .header("ETag", equalTo("\"1\"")).body("colour", equalTo("BLUE"));
        problem(as(clinician(clinic)).header("If-Match", "\"0\"").body("\"GREEN\"").put(url).then(), 412,
                "precondition-failed");
        as(clinician(clinic)).get(WIDGETS + "/" + id).then().body("colour", equalTo("BLUE"));
    }

    @Test
    void payload_too_large_is_413() {
        String huge = "{\"code\":\"" + "A".repeat(1_200_000) + "\"}";
        problem(as(clinician(clinic)).body(huge).post(WIDGETS).then(), 413, "payload-too-large");
    }

    @Test
    void unsupported_media_type_is_415() {
        problem(as(clinician(clinic)).contentType(ContentType.XML).body("<widget/>").post(WIDGETS).then(), 415,
                "unsupported-media-type");
    }

    @Test
    void unexpected_failure_is_a_500_without_details() {
        String body = problem(as(clinician(clinic)).get(WIDGETS + "/boom").then(), 500, "internal-error")
                .body("violations", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain("Jane", "1980-01-01", "555-0100", "IllegalStateException", "at care.");
    }
}
