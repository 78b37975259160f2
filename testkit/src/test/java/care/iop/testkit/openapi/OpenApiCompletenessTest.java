package care.iop.testkit.openapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiCompletenessTest {

    private static final String COMPONENTS = """
            "components": {"schemas": {"Patient": {"type": "object"}, "Problem": {"type": "object"}},
                           "responses": {"PatientOk": {"description": "ok",
                               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Patient"}}}}}}
            """;

    @Test
    void aDocumentWhoseSuccessesAreNamedPasses() {
        String doc = """
                {"openapi": "3.1.0", "paths": {
                  "/patients": {
                    "get": {"responses": {"200": {"description": "page", "content": {"application/json": {"schema":
                        {"type": "array", "items": {"$ref": "#/components/schemas/Patient"}}}}}}},
                    "post": {"responses": {"201": {"description": "created", "headers": {"Location": {}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Patient"}}}},
                        "400": {"description": "bad", "content": {"application/problem+json": {"schema": {}}}}}}},
                  "/patients/{id}": {
                    "parameters": [{"name": "id", "in": "path"}],
                    "get": {"responses": {"200": {"$ref": "#/components/responses/PatientOk"}}},
                    "put": {"responses": {"200": {"description": "either", "content": {"application/json": {"schema":
                        {"oneOf": [{"$ref": "#/components/schemas/Patient"}, {"$ref": "#/components/schemas/Problem"}]}}}}}},
                    "patch": {"responses": {"200": {"description": "nullable", "content": {"application/json": {"schema":
                        {"anyOf": [{"$ref": "#/components/schemas/Patient"}, {"type": "null"}]}}}}}},
                    "delete": {"responses": {"204": {"description": "gone"}}}},
                  "/patients/{id}/export": {
                    "get": {"responses": {"200": {"description": "pdf", "content": {"application/pdf": {"schema":
                        {"type": "string", "format": "binary"}}}}}}}
                }, %s}
                """.formatted(COMPONENTS);

        assertThat(OpenApiCompleteness.problems(doc)).isEmpty();
        OpenApiCompleteness.assertComplete(doc);
    }

    @Test
    void emptyMissingInlineOrDanglingSuccessSchemasFailNamingTheOperation() {
        String doc = """
                {"openapi": "3.1.0", "paths": {
                  "/referrals": {
                    "get": {"responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {}}}}}},
                    "post": {"responses": {"201": {"description": "created", "content": {"application/json": {}}}}}},
                  "/referrals/{id}": {
                    "get": {"responses": {"200": {"description": "inline", "content": {"application/json": {"schema":
                        {"type": "object", "properties": {"id": {"type": "string"}}}}}}}},
                    "put": {"responses": {"200": {"description": "dangling", "content": {"application/json": {"schema":
                        {"$ref": "#/components/schemas/Nowhere"}}}}}},
                    "delete": {"responses": {"404": {"description": "not found"}}},
                    "patch": {"responses": {"200": {"description": "mixed", "content": {"application/json": {"schema":
                        {"oneOf": [{"$ref": "#/components/schemas/Patient"}, {}]}}}}}}}
                }, %s}
                """.formatted(COMPONENTS);

        assertThat(OpenApiCompleteness.problems(doc)).hasSize(6);
        assertThatThrownBy(() -> OpenApiCompleteness.assertComplete(doc))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /referrals 200 application/json: no schema")
                .hasMessageContaining("POST /referrals 201 application/json: no schema")
                .hasMessageContaining("GET /referrals/{id} 200 application/json: schema is not a named component")
                .hasMessageContaining("PUT /referrals/{id} 200")
                .hasMessageContaining("DELETE /referrals/{id}: no 2xx response documented")
                .hasMessageContaining("PATCH /referrals/{id} 200");
    }
}
