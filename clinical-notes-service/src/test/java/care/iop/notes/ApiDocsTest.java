package care.iop.notes;

import care.iop.testkit.openapi.OpenApiCompleteness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads, and the document says what each answers. */
@QuarkusTest
class ApiDocsTest {

    private static final String P = "/api/v1/notes";

    private JsonNode doc;

    @BeforeEach
    void read() throws Exception {
        doc = new ObjectMapper().readTree(RestAssured.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
    }

    @Test
    void the_openapi_document_lists_the_notes_endpoints() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/notes/patients/{patientId}/notes"))
                .body("paths", hasKey("/api/v1/notes/notes/{id}"))
                .body("paths", hasKey("/api/v1/notes/notes/{id}/sign"))
                .body("paths", hasKey("/api/v1/notes/notes/{id}/co-sign"))
                .body("paths", hasKey("/api/v1/notes/notes/{id}/addenda"))
                .body("paths", hasKey("/api/v1/notes/group-notes"))
                .body("paths", hasKey("/api/v1/notes/worklist"))
                .body("paths", hasKey("/api/v1/notes/patients/{patientId}/treatment-plans"))
                .body("paths", hasKey("/api/v1/notes/treatment-plans/{id}"))
                .body("paths", hasKey("/api/v1/notes/treatment-plans/{id}/versions/{planVersion}"))
                .body("paths", hasKey("/api/v1/notes/treatment-plans/{id}/reviews"))
                .body("paths", hasKey("/api/v1/notes/treatment-plans/{id}/reviews/{reviewId}"))
                .body("paths", hasKey("/api/v1/notes/supervised-staff/{staffId}"))
                .body("paths", hasKey("/api/v1/notes/audit-records"));
    }

    @Test
    void every_success_answer_has_a_named_schema() {
        OpenApiCompleteness.assertComplete(doc);
    }

    @Test
    void creations_answer_201_with_a_location_and_the_created_thing() {
        Map<String, String> creations = Map.of(
                "/patients/{patientId}/notes", "NoteView",
                "/group-notes", "NoteView",
                "/notes/{id}/addenda", "AddendumView",
                "/patients/{patientId}/treatment-plans", "PlanView",
                "/treatment-plans/{id}/versions", "PlanView",
                "/treatment-plans/{id}/reviews", "ReviewView");
        creations.forEach((path, schema) -> {
            JsonNode responses = doc.path("paths").path(P + path).path("post").path("responses");
            assertThat(responses.has("200")).as(path).isFalse();
            JsonNode created = responses.path("201");
            assertThat(created.path("headers").has("Location")).as(path).isTrue();
            assertThat(created.path("content").path("application/json").path("schema").path("$ref").asText())
                    .as(path).isEqualTo("#/components/schemas/" + schema);
        });
        JsonNode flag = doc.path("paths").path(P + "/supervised-staff/{staffId}").path("put").path("responses");
        assertThat(flag.path("201").path("headers").has("Location")).isTrue();
        assertThat(flag.has("200")).isTrue();
        assertThat(doc.path("paths").path(P + "/supervised-staff/{staffId}").path("delete").path("responses")
                .has("204")).isTrue();
    }

    @Test
    void if_match_is_marked_required_where_a_missing_one_is_428() {
        Map<String, String> required = Map.of(
                "/notes/{id}", "put", "/group-notes/{id}", "put", "/notes/{id}/sign", "post",
                "/notes/{id}/co-sign", "post", "/treatment-plans/{id}/versions", "post",
                "/treatment-plans/{id}/reviews", "post");
        required.forEach((path, method) -> {
            JsonNode op = doc.path("paths").path(P + path).path(method);
            boolean marked = false;
            for (JsonNode p : op.path("parameters")) {
                if (p.path("in").asText().equals("header") && p.path("name").asText().equals("If-Match")) {
                    marked = p.path("required").asBoolean();
                }
            }
            assertThat(marked).as(method + " " + path).isTrue();
            assertThat(op.path("responses").has("428")).as(method + " " + path).isTrue();
        });
    }

    @Test
    void enum_query_parameters_are_documented_as_enums() {
        JsonNode kind = null;
        for (JsonNode p : doc.path("paths").path(P + "/patients/{patientId}/notes").path("get").path("parameters")) {
            if (p.path("name").asText().equals("kind")) {
                kind = p.path("schema");
            }
        }
        assertThat(kind).isNotNull();
        assertThat(kind.path("$ref").asText()).isEqualTo("#/components/schemas/NoteKind");
        assertThat(values("NoteKind")).containsExactly("progress", "group", "psychotherapy", "treatment-plan-review",
                "other");
    }

    @Test
    void every_enum_is_documented_by_its_kebab_case_wire_values() {
        assertThat(values("NoteFormat")).containsExactly("soap", "dap", "birp", "group", "free");
        assertThat(values("NoteStatus")).containsExactly("draft", "pending-co-signature", "signed");
        assertThat(values("Rating")).contains("not-started");
        assertThat(values("BreakGlassReason")).contains("emergency-treatment");
        List<String> notKebab = new ArrayList<>();
        doc.path("components").path("schemas").fields().forEachRemaining(s -> s.getValue().path("enum")
                .forEach(v -> {
                    if (!v.asText().matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                        notKebab.add(s.getKey() + ": " + v.asText());
                    }
                }));
        assertThat(notKebab).isEmpty();
    }

    @Test
    void schema_names_say_what_they_are_and_note_interventions_are_the_enum() {
        List<String> numbered = new ArrayList<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (name.matches(".*[0-9]$")) {
                numbered.add(name);
            }
        });
        assertThat(numbered).as("names SmallRye numbered because two classes share a simple name").isEmpty();
        JsonNode interventions = doc.path("components").path("schemas").path("NoteView").path("properties")
                .path("interventions");
        assertThat(interventions.path("type").toString()).contains("\"array\"");
        assertThat(interventions.path("items").path("$ref").asText()).isEqualTo("#/components/schemas/Intervention");
    }

    private List<String> values(String schema) {
        List<String> values = new ArrayList<>();
        doc.path("components").path("schemas").path(schema).path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }
}
