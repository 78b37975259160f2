package care.iop.aftercare;

import care.iop.testkit.openapi.OpenApiCompleteness;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads, and documents what it answers. */
@QuarkusTest
class ApiDocsTest {

    private static String document() {
        return RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
    }

    @Test
    void the_openapi_document_lists_the_aftercare_endpoints() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/aftercare/patients/{patientId}/episodes"))
                .body("paths", hasKey("/api/v1/aftercare/episodes/{id}/discharge-plan"))
                .body("paths", hasKey("/api/v1/aftercare/episodes/{id}/discharge"))
                .body("paths", hasKey("/api/v1/aftercare/follow-ups/{id}/outcome"))
                .body("paths", hasKey("/api/v1/aftercare/patients/{patientId}/relapse-risk"))
                .body("paths", hasKey("/api/v1/aftercare/risk-flags/{id}/acknowledge"))
                .body("paths", hasKey("/api/v1/aftercare/patients/{patientId}/relapse-prevention-plan/print"))
                .body("paths", hasKey("/api/v1/aftercare/outcomes"))
                .body("paths", hasKey("/api/v1/aftercare/worklist"))
                .body("paths", hasKey("/api/v1/aftercare/audit-records"));
    }

    @Test
    void every_success_answer_is_documented_with_a_named_schema() {
        OpenApiCompleteness.assertComplete(document());
    }

    @Test
    void enums_are_documented_by_their_wire_values() {
        JsonPath doc = JsonPath.from(document());
        Map<String, List<String>> expected = Map.of(
                "EpisodeStatus", List.of("open", "closed"),
                "FollowUpStatus", List.of("scheduled", "due", "completed"),
                "RiskFlagStatus", List.of("open", "acknowledged"),
                "FollowUpOutcome", List.of("reached", "not-reached", "declined"),
                "RecoveryStatus", List.of("in-recovery", "using", "readmitted", "unknown"),
                "MatContinuity", List.of("program", "receiving-provider", "primary-care", "none"));
        expected.forEach((schema, values) ->
                assertThat(doc.getList("components.schemas." + schema + ".enum")).as(schema).isEqualTo(values));
        // ASAM levels keep their official spelling.
        assertThat(doc.getList("components.schemas.LevelOfCare.enum")).contains("0.5", "1", "2.1");
        assertThat(doc.getList("paths.'/api/v1/aftercare/outcomes'.get.parameters.find { it.name == 'groupBy' }"
                + ".schema.enum")).isEqualTo(List.of("month"));
    }

    @Test
    void an_acknowledgement_names_its_action_as_intake_does() {
        JsonPath doc = JsonPath.from(document());
        assertThat(doc.getMap("components.schemas.Acknowledgement.properties")).containsOnlyKeys("action");
        assertThat(doc.getMap("components.schemas.FlagView.properties")).containsKey("acknowledgementAction")
                .doesNotContainKey("actionCode");
    }

    @Test
    void creations_document_201_with_a_location() {
        JsonPath doc = JsonPath.from(document());
        for (String operation : List.of("/episodes/{id}/transitions'.post", "/episodes/{id}/discharge'.post",
                "/episodes/{id}/discharge-plan'.put", "/patients/{patientId}/readmission-requests'.post",
                "/patients/{patientId}/relapse-prevention-plan'.put")) {
            String created = "paths.'/api/v1/aftercare" + operation + ".responses.'201'";
            assertThat(doc.getMap(created + ".headers")).as(operation).containsKey("Location");
        }
    }
}
