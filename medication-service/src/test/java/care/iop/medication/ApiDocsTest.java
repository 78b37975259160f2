package care.iop.medication;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads. */
@QuarkusTest
class ApiDocsTest {

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
}
