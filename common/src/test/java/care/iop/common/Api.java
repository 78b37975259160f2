package care.iop.common;

import care.iop.testkit.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

/** Request helpers for the test app's widget API. */
final class Api {

    static final String WIDGETS = "/api/v1/test/widgets";

    private Api() {
    }

    static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    static String clinician(UUID clinic) {
        return TestTokens.staff(clinic, "clinician").bearer();
    }

    static Map<String, Object> widget(UUID patient, String code) {
        return Map.of("patientId", patient.toString(), "code", code, "colour", "RED", "dueDate", "2026-12-01");
    }
}
