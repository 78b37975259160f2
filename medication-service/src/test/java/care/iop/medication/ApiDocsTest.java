package care.iop.medication;

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
    void the_openapi_document_lists_the_medication_endpoints() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/medications/catalogue"))
                .body("paths", hasKey("/api/v1/medications/patients/{patientId}/orders"))
                .body("paths", hasKey("/api/v1/medications/orders/{id}/discontinue"))
                .body("paths", hasKey("/api/v1/medications/orders/{id}/administrations"))
                .body("paths", hasKey("/api/v1/medications/patients/{patientId}/adherence"))
                .body("paths", hasKey("/api/v1/medications/patients/{patientId}/drug-screens"))
                .body("paths", hasKey("/api/v1/medications/drug-screens/{id}/results"))
                .body("paths", hasKey("/api/v1/medications/discharge-review"))
                .body("paths", hasKey("/api/v1/medications/patients/{patientId}/reconciliations"))
                .body("paths", hasKey("/api/v1/medications/audit-records"));
    }

    @Test
    void every_success_answer_is_documented_with_a_named_schema() {
        OpenApiCompleteness.assertComplete(document());
    }

    @Test
    void enums_are_documented_by_their_wire_values() {
        JsonPath doc = JsonPath.from(document());
        Map<String, List<String>> expected = Map.of(
                "MedicationOrderStatus", List.of("active", "discontinued"),
                "DischargeReview", List.of("pending", "continued", "discontinued"),
                "Frequency", List.of("once", "daily", "bid", "tid", "qid", "qhs", "weekly", "monthly", "prn"),
                "Severity", List.of("warning", "contraindicated"),
                "DrugScreenStatus", List.of("ordered", "collected", "resulted"),
                "ScreenResult", List.of("positive", "negative"),
                "AdministrationOutcome", List.of("administered", "refused", "held", "missed"),
                "ReconciliationDecision", List.of("continue", "stop", "change"),
                // DEA schedules keep their official spelling.
                "DeaSchedule", List.of("II", "III", "IV", "V", "none"));
        expected.forEach((schema, values) ->
                assertThat(doc.getList("components.schemas." + schema + ".enum")).as(schema).isEqualTo(values));
        Map<String, Object> status = doc.getMap("paths.'/api/v1/medications/patients/{patientId}/orders'.get"
                + ".parameters.find { it.name == 'status' }.schema");
        assertThat(status).containsEntry("$ref", "#/components/schemas/MedicationOrderStatus");
    }

    @Test
    void creations_document_201_with_a_location() {
        JsonPath doc = JsonPath.from(document());
        for (String path : List.of("/patients/{patientId}/orders", "/patients/{patientId}/allergies",
                "/patients/{patientId}/drug-screens", "/patients/{patientId}/reconciliations",
                "/orders/{id}/administrations")) {
            String created = "paths.'/api/v1/medications" + path + "'.post.responses.'201'";
            assertThat(doc.getMap(created + ".headers")).as(path).containsKey("Location");
            assertThat(doc.getMap("paths.'/api/v1/medications" + path + "'.post.responses")).as(path)
                    .doesNotContainKey("200");
        }
    }
}
