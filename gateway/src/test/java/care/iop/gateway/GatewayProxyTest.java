package care.iop.gateway;

import care.iop.testkit.OidcTestResource;
import care.iop.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The gateway in front of a real upstream HTTP server: routing, edge authentication, limits and failures. */
@QuarkusTest
@WithTestResource(OidcTestResource.class)
@WithTestResource(UpstreamServices.class)
class GatewayProxyTest {

    private static RequestSpecification as(String client) {
        return RestAssured.given().header("Authorization",
                TestTokens.staff(UUID.randomUUID(), "scheduler").clientId(client).bearer()).contentType(ContentType.JSON);
    }

    @Test
    void a_request_reaches_its_service_with_method_path_query_body_and_token_intact_and_forwarding_headers() {
        String client = "client-" + UUID.randomUUID();
        var echo = as(client).header("X-Request-Id", "gw-test-1").header("X-Forwarded-For", "203.0.113.9")
                .queryParam("from", "2026-11-01")
                .body("{\"name\":\"Room A\",\"capacity\":12}")
                .post("/api/v1/scheduling/rooms/created").then().statusCode(201).header("ETag", "\"3\"")
                .header("X-Request-Id", "gw-test-1").header("RateLimit-Limit", "20")
                .header("Connection", org.hamcrest.Matchers.not("keep-alive-upstream")).extract().jsonPath();
        assertThat(echo.getString("method")).isEqualTo("POST");
        assertThat(echo.getString("path")).isEqualTo("/api/v1/scheduling/rooms/created");
        assertThat(echo.getString("query")).isEqualTo("from=2026-11-01");
        assertThat(echo.getString("body")).isEqualTo("{\"name\":\"Room A\",\"capacity\":12}");
        assertThat(echo.getString("headers.authorization")).startsWith("Bearer ");
        assertThat(echo.getString("headers.x-request-id")).isEqualTo("gw-test-1");
        // The caller's own claim about its address is replaced: the services audit the first entry.
        assertThat(echo.getString("headers.x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(echo.getString("headers.x-forwarded-proto")).isEqualTo("http");
        as(client).get("/api/v1/intake/patients/" + UUID.randomUUID()).then().statusCode(200)
                .header("X-Request-Id", notNullValue()).body("path", startsWith("/api/v1/intake/patients/"));
    }

    @Test
    void large_bodies_stream_through_intact_and_oversized_ones_are_refused_at_the_edge() {
        String big = "x".repeat(400_000);
        String body = as("c-" + UUID.randomUUID()).body("{\"text\":\"" + big + "\"}")
                .post("/api/v1/aftercare/echo").then().statusCode(200).extract().path("body");
        assertThat(body).hasSize(big.length() + 11);
        as("c-" + UUID.randomUUID()).body("{\"text\":\"" + "y".repeat(1_100_000) + "\"}")
                .post("/api/v1/aftercare/echo").then().statusCode(413)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void the_event_contract_s_asyncapi_document_is_served_beside_the_openapi_one() {
        var doc = RestAssured.given().get("/asyncapi").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(doc.getString("asyncapi")).isEqualTo("3.0.0");
        assertThat(doc.getMap("channels")).isNotEmpty();
        assertThat(doc.getString("channels.collect { it.value.address }")).contains("iop.intake.v1")
                .contains("iop.aftercare.v1");
    }

    @Test
    void the_services_documents_are_merged_into_one_with_names_kept_apart_and_a_down_service_listed() {
        var doc = RestAssured.given().get("/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getMap("components.schemas")).containsKeys("intake_Thing", "scheduling_Thing",
                "medications_Thing", "aftercare_Thing", "analytics_Thing").doesNotContainKey("Thing");
        assertThat(doc.getString("paths.'/api/v1/things/{id}'.get.responses.'200'.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/aftercare_Thing");
        assertThat(doc.getList("tags.name", String.class)).contains("intake: Things", "scheduling: Things");
        assertThat(doc.getList("x-iop-unavailable", String.class)).containsExactly("notes");
        // The gateway's own views (META-INF/openapi.yaml), area "gateway".
        assertThat(doc.getString("paths.'/api/v1/patients/{patientId}/journey'.get.responses.'200'.content"
                + ".'application/json'.schema.$ref")).isEqualTo("#/components/schemas/gateway_PatientJourney");
        assertThat(doc.getString("paths.'/api/v1/partner/patients/{patientId}/disclosure'.get.responses.'200'"
                + ".content.'application/json'.schema.$ref")).isEqualTo("#/components/schemas/gateway_PartnerDisclosure");
        assertThat(doc.getMap("components.schemas")).containsKeys("gateway_JourneyEvent", "gateway_Problem");
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void the_journey_gathers_every_service_in_time_order_and_marks_a_down_service_unavailable() {
        var journey = as("c-" + UUID.randomUUID()).get("/api/v1/patients/" + UpstreamServices.JOURNEY_PATIENT
                + "/journey").then().statusCode(200).header("X-Request-Id", notNullValue()).extract();
        var json = journey.jsonPath();
        assertThat(json.getString("parts.notes")).isEqualTo("unavailable");
        assertThat(json.getString("sections.notes")).isEqualTo("unavailable");
        assertThat(json.getString("parts.medications")).isEqualTo("ok");
        assertThat(json.getMap("sections")).containsOnlyKeys("patient", "referrals", "screenings", "assessments",
                "enrollments", "attendance-weeks", "bookings", "notes", "medication-orders", "dose-administrations",
                "drug-screens", "episodes", "follow-ups", "relapse-risk");
        assertThat(json.getList("events.type", String.class)).containsExactly("discharge", "booking",
                "relapse-risk-flag", "drug-screen", "dose-administration", "dose-administration", "attendance",
                "booking", "attendance", "attendance-week", "medication-order", "enrollment", "screening", "admission",
                "assessment", "referral");
        assertThat(json.getString("events.find { it.type == 'screening' }.band")).isEqualTo("moderate");
        assertThat(json.getMap("events.find { it.type == 'referral' }")).containsOnlyKeys("at", "type", "source", "id",
                "status", "urgency", "referralSource").containsEntry("referralSource", "emergency-department")
                .containsEntry("source", "intake").containsEntry("status", "admitted");
        assertThat(json.getMap("events.find { it.type == 'assessment' }")).containsOnlyKeys("at", "type", "source",
                "id", "referralId", "recommendedLevel", "finalLevel", "referOut").containsEntry("recommendedLevel", "2.1")
                .containsEntry("source", "intake");
        // One-to-one sessions are bookings; attendance of any kind, with its minutes; an unrecorded group is neither.
        assertThat(json.getList("events.findAll { it.type == 'booking' }.kind", String.class))
                .containsExactly("family-therapy", "individual-therapy");
        assertThat(json.getList("events.findAll { it.type == 'booking' }.status", String.class))
                .containsExactly("booked", "fulfilled");
        assertThat(json.getList("events.findAll { it.type == 'attendance' }.sessionId", String.class))
                .containsExactly("s2", "s1");
        assertThat(json.getMap("events.find { it.type == 'attendance' && it.sessionId == 's1' }"))
                .containsEntry("bookingId", "b1").containsEntry("kind", "individual-therapy")
                .containsEntry("attendance", "left-early").containsEntry("minutesAttended", 30)
                .containsEntry("at", "2026-10-06T14:00:00Z");
        assertThat(json.getString("events.find { it.type == 'booking' && it.kind == 'individual-therapy' }.at"))
                .isEqualTo("2026-10-06T14:00:00Z");
        // A dose is placed when it was given, else at the scheduled time it answered.
        assertThat(json.getList("events.findAll { it.type == 'dose-administration' }.at", String.class))
                .containsExactly("2026-10-09T13:00:00Z", "2026-10-08T13:00:00Z");
        assertThat(json.getList("events.findAll { it.type == 'dose-administration' }.outcome", String.class))
                .containsExactly("administered", "missed");
        assertThat(json.getString("events.find { it.type == 'dose-administration' }.orderId")).isEqualTo("o1");
        assertThat(journey.asString()).doesNotContain("answers").doesNotContain("sister").doesNotContain("Sam")
                .doesNotContain("F11.20").doesNotContain("opioid-use-disorder").doesNotContain("LOC-MODERATE-NEED")
                .doesNotContain("dimensions").doesNotContain("LOT-77").doesNotContain("doseUnit")
                .doesNotContain("enrollmentId");
        as("c-" + UUID.randomUUID()).get("/api/v1/patients/" + UpstreamServices.FOREIGN_PATIENT + "/journey").then()
                .statusCode(404).contentType(startsWith("application/problem+json"));
        RestAssured.given().get("/api/v1/patients/" + UpstreamServices.JOURNEY_PATIENT + "/journey").then()
                .statusCode(401);
        // The view reads no body: one sent anyway is refused, not ignored (issue #15).
        as("c-" + UUID.randomUUID()).contentType("text/plain").body("garbage")
                .get("/api/v1/patients/" + UpstreamServices.JOURNEY_PATIENT + "/journey").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        as("c-" + UUID.randomUUID()).contentType("text/plain").body("garbage")
                .get("/api/v1/partner/patients/" + UpstreamServices.JOURNEY_PATIENT + "/disclosure").then()
                .statusCode(400);
    }

    @Test
    void a_section_the_caller_may_not_read_is_marked_forbidden_and_the_rest_of_its_area_is_still_shown() {
        var json = as("c-" + UUID.randomUUID()).get("/api/v1/patients/" + UpstreamServices.LIMITED_PATIENT
                + "/journey").then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("sections.bookings")).isEqualTo("forbidden");
        assertThat(json.getString("sections.enrollments")).isEqualTo("ok");
        assertThat(json.getString("parts.scheduling")).isEqualTo("forbidden");
        // A service that knows nothing of the patient (404) is not a failure: its sections are ok and empty.
        assertThat(json.getString("parts.medications")).isEqualTo("ok");
        assertThat(json.getString("parts.intake")).isEqualTo("ok");
        // The worst state of an area wins: notes is down whatever else happens.
        assertThat(json.getString("parts.notes")).isEqualTo("unavailable");
        assertThat(json.getList("events.type", String.class)).containsExactly("referral");
    }

    @Test
    void a_partner_sees_only_consented_categories_with_the_notice_and_nothing_after_revocation() {
        String partner = TestTokens.partner(UUID.randomUUID()).clientId("portal-" + UUID.randomUUID()).bearer();
        String url = "/api/v1/partner/patients/" + UpstreamServices.DISCLOSURE_PATIENT + "/disclosure";
        var answer = RestAssured.given().header("Authorization", partner).header("X-Purpose-Of-Use", "COC").get(url)
                .then().statusCode(200).header("Cache-Control", "no-store").header("RateLimit-Limit", notNullValue())
                .extract().jsonPath();
        assertThat(answer.getMap("categories")).containsOnlyKeys("demographics", "medications");
        assertThat(answer.getString("categories.demographics.familyName")).isEqualTo("Rivera");
        // Each service was asked with the partner's own token and purpose of use, and decided for itself.
        assertThat(answer.getString("categories.medications.seenToken")).isEqualTo(partner);
        assertThat(answer.getString("purposeOfUse")).isEqualTo("COC");
        assertThat(answer.getString("notice")).contains("42 CFR part 2");
        assertThat(answer.getString("consents.medications")).endsWith("2");
        assertThat(answer.getList("notConsented", String.class))
                .containsExactlyInAnyOrder("diagnoses", "enrollment-attendance", "discharge-summary");
        assertThat(answer.getList("unavailable", String.class)).containsExactly("treatment-plan-summary");

        RestAssured.given().header("Authorization", partner).queryParam("category", "medications").get(url).then()
                .statusCode(200).body("categories.demographics", nullValue())
                .body("categories.medications.orders[0].status", equalTo("active"));
        RestAssured.given().header("Authorization", partner).queryParam("category", "diagnoses").get(url).then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
        RestAssured.given().header("Authorization", partner).queryParam("category", "treatment-plan-summary").get(url)
                .then().statusCode(503).header("Retry-After", notNullValue());
        RestAssured.given().header("Authorization", partner).queryParam("category", "psychotherapy-notes").get(url)
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        // No consent anywhere is a 403; when a service that might hold one cannot answer, a 503 (nothing shown).
        RestAssured.given().header("Authorization", partner).queryParam("category", "demographics,medications")
                .get("/api/v1/partner/patients/" + UpstreamServices.JOURNEY_PATIENT + "/disclosure").then()
                .statusCode(403);
        RestAssured.given().header("Authorization", partner).get("/api/v1/partner/patients/"
                + UpstreamServices.JOURNEY_PATIENT + "/disclosure").then().statusCode(503);
        RestAssured.given().header("Authorization", partner).get("/api/v1/partner/patients/not-an-id/disclosure")
                .then().statusCode(403);
        // Staff read the record itself; the disclosure view is for partners; no token at all is a 401.
        as("c-" + UUID.randomUUID()).get(url).then().statusCode(403).contentType(startsWith("application/problem+json"));
        RestAssured.given().get(url).then().statusCode(401);

        RestAssured.given().get(upstream() + "/test/revoke-consent")
                .then().statusCode(200);
        RestAssured.given().header("Authorization", partner).queryParam("category", "demographics,medications")
                .get(url).then().statusCode(403).contentType(startsWith("application/problem+json"));
    }

    private static String upstream() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("gateway.routes.intake.url",
                String.class);
    }

    @Test
    void a_portal_origin_passes_the_cors_preflight_and_others_do_not() {
        RestAssured.given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/intake/referrals").then()
                .header("Access-Control-Allow-Origin", "http://localhost:3000");
        RestAssured.given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/intake/referrals").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void no_token_a_bad_token_or_an_unknown_area_answer_problems_without_reaching_a_service() {
        RestAssured.given().get("/api/v1/intake/patients").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:iop:problem:unauthorized")).body("requestId", notNullValue());
        RestAssured.given().header("Authorization", "Bearer " + TestTokens.staff(UUID.randomUUID(), "scheduler")
                .tampered()).get("/api/v1/intake/patients").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        RestAssured.given().header("Authorization", TestTokens.staff(UUID.randomUUID(), "scheduler")
                .issuedAgo(Duration.ofHours(2)).bearer()).get("/api/v1/intake/patients").then().statusCode(401);
        as("c-" + UUID.randomUUID()).get("/api/v1/billing/invoices").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void a_slow_service_is_a_504_and_a_down_one_a_503_and_then_skipped_by_its_breaker() {
        String client = "c-" + UUID.randomUUID();
        long started = System.nanoTime();
        as(client).get("/api/v1/scheduling/slow").then().statusCode(504)
                .contentType(startsWith("application/problem+json")).body("type", equalTo("urn:iop:problem:gateway-timeout"))
                .body("requestId", notNullValue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        for (int i = 0; i < 3; i++) {
            as(client).get("/api/v1/notes/patients/x/notes").then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).body("detail", containsString("reached"))
                    .header("Retry-After", notNullValue());
        }
        as(client).get("/api/v1/notes/patients/x/notes").then().statusCode(503)
                .header("Retry-After", "30").body("detail", containsString("paused"));
        as(client).get("/api/v1/medications/catalogue").then().statusCode(200);
    }
}
