package care.iop.intake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads. */
@QuarkusTest
class ApiDocsTest {

    @Test
    void the_openapi_document_lists_the_intake_endpoints() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/intake/patients"))
                .body("paths", hasKey("/api/v1/intake/patients/by-identifier/{system}/{value}"))
                .body("paths", hasKey("/api/v1/intake/referrals/{id}/status"))
                .body("paths", hasKey("/api/v1/intake/patients/{patientId}/screenings"))
                .body("paths", hasKey("/api/v1/intake/patients/{patientId}/assessments"))
                .body("paths", hasKey("/api/v1/intake/admissions"))
                .body("paths", hasKey("/api/v1/intake/waitlist/{trackCode}/offers"))
                .body("paths", hasKey("/api/v1/intake/consents/{id}/revocation"))
                .body("paths", hasKey("/api/v1/intake/consent-authorizations"));
    }
}
