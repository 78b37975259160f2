package care.iop.aftercare;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads. */
@QuarkusTest
class ApiDocsTest {

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
}
