package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.TestTokens;
import care.iop.testkit.openapi.OpenApiCompleteness;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

/**
 * The REST answer through the real broker and Kafka Streams: who may read it (the clinic's clinic-admin,
 * clinical-supervisor and auditor only; another clinic is 403), problem+json refusals, CSV, and the OpenAPI document.
 */
@QuarkusTest
class AnalyticsApiTest {

    private static final UUID CLINIC = UUID.randomUUID();
    private static final String PATH = "/api/v1/analytics/clinics/{clinicId}/measures";

    @BeforeAll
    static void publish_eleven_admissions_and_a_discharge() {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            UUID p = UUID.randomUUID();
            CloudEvent admitted = EventStream.admitted(p, "2026-01-05");
            events.add(new CloudEvent("1.0", admitted.id(), admitted.source(), admitted.type(), admitted.subject(),
                    admitted.time(), admitted.datacontenttype(), CLINIC.toString(), null, admitted.data()));
            if (i == 0) {
                events.add(events.get(0)); // redelivered
            }
        }
        EventPublisher.send(events.toArray(CloudEvent[]::new));
    }

    private static Response get(String bearer, UUID clinic, String period, String from, String to, String accept) {
        var request = RestAssured.given();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (accept != null) {
            request.accept(accept);
        }
        if (period != null) {
            request.queryParam("period", period);
        }
        if (from != null) {
            request.queryParam("from", from);
        }
        if (to != null) {
            request.queryParam("to", to);
        }
        return request.get(PATH, clinic);
    }

    private static String staff(UUID clinic, String role) {
        return TestTokens.staff(clinic, role).bearer();
    }

    @Test
    void the_clinics_admin_supervisor_and_auditor_read_the_measures() {
        for (String role : List.of("clinic-admin", "clinical-supervisor", "auditor")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonPath answer = get(staff(CLINIC, role), CLINIC, "week", "2026-01-05", "2026-01-18", null).then()
                        .statusCode(200).contentType("application/json").extract().jsonPath();
                assertThat(answer.getString("periods[0].label")).isEqualTo("2026-W02");
                assertThat(answer.getString("periods[0].admissions")).isEqualTo("11");
                assertThat(answer.getString("periods[0].census")).isEqualTo("11");
                assertThat(answer.getString("periods[1].admissions")).isEqualTo("0");
                assertThat(answer.getString("periods[0].discharges")).isEqualTo("0");
                assertThat(answer.getString("periods[0].lengthOfStay.median")).isNull();
            });
        }
    }

    @Test
    void csv_by_accept_header() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String csv = get(staff(CLINIC, "auditor"), CLINIC, "month", "2026-01-01", "2026-02-28", "text/csv").then()
                    .statusCode(200).contentType("text/csv").extract().asString();
            String[] lines = csv.split("\r\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("clinic_id,track,period,start,end,census,admissions");
            assertThat(lines[1]).startsWith(CLINIC + ",,2026-01,2026-01-01,2026-01-31,11,11,0,");
        });
    }

    @Test
    void other_roles_and_other_clinics_are_refused() {
        for (String role : List.of("clinician", "intake-coordinator", "nurse", "scheduler", "case-manager",
                "prescriber", "partner")) {
            get(staff(CLINIC, role), CLINIC, "week", "2026-01-05", "2026-01-05", null).then().statusCode(403)
                    .contentType("application/problem+json").body("status", equalTo(403));
        }
        get(staff(UUID.randomUUID(), "clinic-admin"), CLINIC, "week", "2026-01-05", "2026-01-05", null).then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:iop:problem:forbidden"));
        get(TestTokens.partner(UUID.randomUUID()).roles("auditor").bearer(), CLINIC, "week", "2026-01-05",
                "2026-01-05", null).then().statusCode(403);
        get(null, CLINIC, "week", "2026-01-05", "2026-01-05", null).then().statusCode(401)
                .contentType("application/problem+json");
        get(TestTokens.staff(CLINIC, "clinic-admin").signedByForeignKey().bearer(), CLINIC, "week", "2026-01-05",
                "2026-01-05", null).then().statusCode(401);
    }

    @Test
    void bad_parameters_are_400_problems() {
        String admin = staff(CLINIC, "clinic-admin");
        for (String[] q : List.of(new String[] {"day", "2026-01-05", "2026-01-05"},
                new String[] {"week", null, "2026-01-05"}, new String[] {"week", "2026-01-05", null},
                new String[] {"week", "05/01/2026", "2026-01-05"}, new String[] {"week", "2026-02-01", "2026-01-01"},
                new String[] {"week", "2000-01-01", "2026-01-01"})) {
            get(admin, CLINIC, q[0], q[1], q[2], null).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
        RestAssured.given().header("Authorization", admin)
                .queryParam("from", "2026-01-05").queryParam("to", "2026-01-05")
                .get(PATH, "not-a-uuid").then().statusCode(400);
    }

    @Test
    void problems_carry_a_documented_type_and_the_request_id_given_by_the_gateway() {
        String admin = staff(CLINIC, "clinic-admin");
        RestAssured.given().header("Authorization", admin).header("X-Request-Id", "req-42")
                .queryParam("period", "day").queryParam("from", "2026-01-05").queryParam("to", "2026-01-05")
                .get(PATH, CLINIC).then().statusCode(400)
                .body("type", equalTo("urn:iop:problem:bad-request")).body("requestId", equalTo("req-42"));
        RestAssured.given().header("Authorization", admin).header("X-Request-Id", "req-43")
                .delete(PATH, CLINIC).then().statusCode(405)
                .body("type", equalTo("urn:iop:problem:method-not-allowed")).body("requestId", equalTo("req-43"));
        RestAssured.given().header("Authorization", admin).header("X-Request-Id", "<script>")
                .queryParam("period", "day").get(PATH, CLINIC).then().statusCode(400)
                .body("requestId", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void the_openapi_document_names_every_answer() {
        String doc = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/analytics/clinics/{clinicId}/measures")).extract().asString();
        OpenApiCompleteness.assertComplete(doc);
        JsonPath json = JsonPath.from(doc);
        assertThat(json.getList("components.schemas.PeriodKind.enum")).isEqualTo(List.of("week", "month"));
        assertThat(json.getMap("paths.'/api/v1/analytics/clinics/{clinicId}/measures'.get.responses.'200'.content"))
                .containsKeys("application/json", "text/csv");
    }

    @Test
    void dates_in_the_answer_are_iso_dates() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath answer = get(staff(CLINIC, "auditor"), CLINIC, "week", "2026-01-07", "2026-01-07", null).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(LocalDate.parse(answer.getString("periods[0].start"))).isEqualTo("2026-01-05");
            assertThat(answer.getString("period")).isEqualTo("week");
        });
    }
}
