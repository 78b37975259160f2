package care.iop.scheduling;

import care.iop.testkit.openapi.OpenApiCompleteness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads, and the document says what each answers. */
@QuarkusTest
class ApiDocsTest {

    private static String document() {
        return RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
    }

    @Test
    void the_openapi_document_lists_the_scheduling_endpoints() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/scheduling/tracks"))
                .body("paths", hasKey("/api/v1/scheduling/tracks/{id}"))
                .body("paths", hasKey("/api/v1/scheduling/rooms"))
                .body("paths", hasKey("/api/v1/scheduling/series"))
                .body("paths", hasKey("/api/v1/scheduling/sessions/{id}/reschedule"))
                .body("paths", hasKey("/api/v1/scheduling/sessions/{id}/cancel"))
                .body("paths", hasKey("/api/v1/scheduling/sessions/{id}/bookings"))
                .body("paths", hasKey("/api/v1/scheduling/sessions/{id}/attendance"))
                .body("paths", hasKey("/api/v1/scheduling/bookings/{id}/attendance"))
                .body("paths", hasKey("/api/v1/scheduling/enrollments"))
                .body("paths", hasKey("/api/v1/scheduling/patients/{patientId}/week"))
                .body("paths", hasKey("/api/v1/scheduling/patients/{patientId}/schedule.ics"))
                .body("paths", hasKey("/api/v1/scheduling/patients/{patientId}/compliance"))
                .body("paths", hasKey("/api/v1/scheduling/patients/{patientId}/authorizations"))
                .body("paths", hasKey("/api/v1/scheduling/worklist"))
                .body("paths", hasKey("/api/v1/scheduling/billing/claim-lines"))
                .body("paths", hasKey("/api/v1/scheduling/audit-records"));
    }

    @Test
    void every_success_answer_has_a_named_schema() {
        OpenApiCompleteness.assertComplete(document());
    }

    @Test
    void creations_answer_201_with_a_location_and_the_created_resource() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(document()).path("paths");
        Map<String, String> created = Map.of("/api/v1/scheduling/tracks", "TrackView",
                "/api/v1/scheduling/rooms", "RoomView", "/api/v1/scheduling/sessions", "SessionView",
                "/api/v1/scheduling/series", "SeriesView", "/api/v1/scheduling/enrollments", "EnrollmentView",
                "/api/v1/scheduling/sessions/{id}/bookings", "BookingView");
        created.forEach((path, schema) -> {
            JsonNode responses = paths.path(path).path("post").path("responses");
            assertThat(responses.has("200")).as(path).isFalse();
            assertThat(responses.path("201").path("headers").has("Location")).as(path).isTrue();
            assertThat(responses.path("201").path("content").path("application/json").path("schema").path("$ref")
                    .asText()).as(path).isEqualTo("#/components/schemas/" + schema);
        });
    }

    @Test
    void enum_values_are_the_kebab_case_wire_values_and_query_enums_are_documented_as_enums() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(document());
        JsonNode schemas = doc.path("components").path("schemas");
        List<String> values = new ArrayList<>();
        schemas.forEach(schema -> schema.path("enum").forEach(v -> values.add(v.asText())));
        // Level of care codes are ASAM's (2.1); everything else is kebab-case lowercase.
        assertThat(values).isNotEmpty().allMatch(v -> v.matches("[a-z0-9]+([.-][a-z0-9]+)*"));
        assertThat(schemas.path("Weekday").path("enum").toString())
                .isEqualTo("[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\",\"saturday\",\"sunday\"]");
        assertThat(schemas.path("EnrollmentStatus").path("enum")).hasSize(4);
        assertThat(schemas.has("DayOfWeek")).isFalse();

        assertThat(queryParameter(doc, "/api/v1/scheduling/sessions", "kind")).isEqualTo("SessionKind");
        assertThat(queryParameter(doc, "/api/v1/scheduling/sessions", "status")).isEqualTo("SessionStatus");
        assertThat(queryParameter(doc, "/api/v1/scheduling/enrollments", "status")).isEqualTo("EnrollmentStatus");
    }

    private static String queryParameter(JsonNode doc, String path, String name) {
        for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters")) {
            if (p.path("name").asText().equals(name) && p.path("in").asText().equals("query")) {
                return p.path("schema").path("$ref").asText().replace("#/components/schemas/", "");
            }
        }
        throw new AssertionError("no query parameter " + name + " on GET " + path);
    }
}
