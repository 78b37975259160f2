package care.iop.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static care.iop.e2e.Platform.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Clinics cannot see each other's patients anywhere, and only valid Keycloak tokens get in — through the gateway. */
class AccessE2ETest {

    private static Admitted patient;

    @BeforeAll
    static void admitAPatientOfClinicA() {
        patient = Admitted.inClinicA("E2E-ACCESS");
    }

    /** For each service: the path of clinic A's patient, and a role that may read it. */
    private static List<String[]> reads() {
        String id = patient.patientId();
        return List.of(
                new String[]{"coordinator", "/api/v1/intake/patients/" + id},
                new String[]{"scheduler", "/api/v1/scheduling/enrollments/" + patient.enrollmentId()},
                new String[]{"clinician", "/api/v1/notes/patients/" + id + "/notes"},
                new String[]{"prescriber", "/api/v1/medications/patients/" + id + "/orders"},
                new String[]{"casemanager", "/api/v1/aftercare/patients/" + id + "/episodes"},
                new String[]{"admin", "/api/v1/patients/" + id + "/journey"},
                new String[]{"clinician", "/api/v1/patients/" + id + "/journey"});
    }

    @Test
    void a_token_of_clinic_b_gets_404_for_clinic_a_s_patient_on_every_service() {
        for (String[] read : reads()) {
            as(read[0] + ".a").get(read[1]).then().statusCode(200);
            as(read[0] + ".b").get(read[1]).then().statusCode(404)
                    .contentType(startsWith("application/problem+json"));
        }
        // EHR integrations are bound to their clinic the same way (client credentials, real service accounts).
        String path = "/api/v1/intake/patients/" + patient.patientId();
        RestAssured.given().header("Authorization", Platform.clientBearer("ehr-northside"))
                .get(path).then().statusCode(200);
        RestAssured.given().header("Authorization", Platform.clientBearer("ehr-riverside"))
                .get(path).then().statusCode(404);
        // A partner reads nothing directly, only disclosures; an auditor reads the trail, not the record.
        as("partner.p").get(path).then().statusCode(403);
        as("partner.p").get("/api/v1/patients/" + patient.patientId() + "/journey").then().statusCode(403);
        as("auditor.a").get("/api/v1/patients/" + patient.patientId() + "/journey").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void missing_tampered_unsigned_and_expired_tokens_get_401_problems() throws Exception {
        String path = "/api/v1/intake/patients/" + patient.patientId();
        RestAssured.given().get(path).then().statusCode(401).contentType(startsWith("application/problem+json"));

        String token = Platform.bearer("coordinator.b").substring("Bearer ".length());
        String[] parts = token.split("\\.");
        ObjectMapper json = new ObjectMapper();
        ObjectNode claims = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("clinic_id", Platform.CLINIC_A.toString());
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(claims));
        RestAssured.given().header("Authorization", "Bearer " + parts[0] + "." + forged + "." + parts[2]).get(path)
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        RestAssured.given().header("Authorization", "Bearer " + none + "." + forged + ".").get(path).then()
                .statusCode(401);

        String shortLived = Keycloak.shortLivedToken("coordinator.a");
        RestAssured.given().header("Authorization", "Bearer " + shortLived).get(path).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(Keycloak.SHORT_LIFESPAN_SECONDS + 30L))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> RestAssured.given()
                        .header("Authorization", "Bearer " + shortLived).get(path).then().statusCode(401)
                        .body("status", equalTo(401)));
    }

    @Test
    void each_service_checks_the_token_itself_too() {
        // Straight to a service (bypassing the gateway) with clinic B's token: the service's own scoping answers 404.
        String intake = Platform.stack().serviceUrl("intake");
        RestAssured.given().header("Authorization", Platform.bearer("coordinator.b"))
                .get(intake + "/api/v1/intake/patients/" + patient.patientId()).then().statusCode(404);
        RestAssured.given().get(intake + "/api/v1/intake/patients/" + patient.patientId()).then().statusCode(401);
        RestAssured.given().header("Authorization", Platform.bearer("coordinator.a")).body(Map.of())
                .contentType("application/json").post(intake + "/api/v1/intake/patients").then().statusCode(400);
    }
}
