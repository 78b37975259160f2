package care.iop.scheduling;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasKey;

/** Every endpoint is in the OpenAPI document an integrator reads. */
@QuarkusTest
class ApiDocsTest {

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
                .body("paths", hasKey("/api/v1/scheduling/audit-records"));
    }
}
