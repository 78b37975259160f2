package care.iop.intake;

import care.iop.testkit.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request helpers shared by the intake tests. */
public final class Api {

    public static final String BASE = "/api/v1/intake";

    private Api() {
    }

    public static RequestSpecification as(String bearer) {
        return RestAssured.given().header("Authorization", bearer).contentType(ContentType.JSON);
    }

    public static String coordinator(UUID clinic) {
        return TestTokens.staff(clinic, "intake-coordinator").bearer();
    }

    /** A patient body; the name is random so tests never collide on duplicate detection. */
    public static Map<String, Object> patient() {
        return patient(UUID.randomUUID().toString().substring(0, 8), "Testperson", "1990-04-02");
    }

    public static Map<String, Object> patient(String given, String family, String birthDate) {
        Map<String, Object> body = new HashMap<>();
        body.put("legalName", Map.of("given", given, "family", family));
        body.put("birthDate", birthDate);
        body.put("pronouns", "they/them");
        body.put("preferredLanguage", "en");
        body.put("contact", Map.of("phone", "+1 555 0100", "email", "p@example.org"));
        body.put("emergencyContact", Map.of("name", "Emergency Person", "phone", "+1 555 0199", "relationship", "sibling"));
        body.put("identifiers", List.of());
        return body;
    }

    public static String createPatient(String token) {
        return as(token).body(patient()).post(BASE + "/patients").then().statusCode(201).extract().path("id");
    }
}
