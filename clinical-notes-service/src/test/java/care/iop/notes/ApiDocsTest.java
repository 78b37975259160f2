package care.iop.notes;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads. */
@QuarkusTest
class ApiDocsTest {

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
                .body("paths", hasKey("/api/v1/notes/treatment-plans/{id}/reviews"))
                .body("paths", hasKey("/api/v1/notes/supervised-staff/{staffId}"))
                .body("paths", hasKey("/api/v1/notes/audit-records"));
    }
}
