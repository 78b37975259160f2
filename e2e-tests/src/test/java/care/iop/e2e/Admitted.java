package care.iop.e2e;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.e2e.Platform.as;
import static org.hamcrest.Matchers.hasSize;

/** A patient of clinic A admitted through intake, known to every service once the admission event has travelled. */
public record Admitted(String patientId, String enrollmentId) {

    /** Registers, assesses at 2.1 and admits a new patient of clinic A to {@code trackCode}; waits for every service. */
    public static Admitted inClinicA(String trackCode) {
        Map<String, Object> patient = new HashMap<>();
        patient.put("legalName", Map.of("given", "E2e" + UUID.randomUUID().toString().substring(0, 8), "family", "Person"));
        patient.put("birthDate", "1988-03-14");
        patient.put("preferredLanguage", "en");
        patient.put("identifiers", List.of());
        String patientId = as("coordinator.a").body(patient).post("/api/v1/intake/patients").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> dimensions = new HashMap<>();
        int[] ratings = {1, 0, 2, 1, 2, 1};
        for (int i = 0; i < 6; i++) {
            dimensions.put("d" + (i + 1), Map.of("rating", ratings[i], "rationale", "rated from the interview"));
        }
        as("clinician.a").body(Map.of("diagnoses", List.of(Map.of("icd10", "F11.20")), "dimensions", dimensions,
                "finalLevel", "2.1")).post("/api/v1/intake/patients/" + patientId + "/assessments").then().statusCode(201);
        as("coordinator.a").body(Map.of("patientId", patientId, "trackCode", trackCode, "levelOfCare", "2.1",
                        "admissionDate", LocalDate.now().toString(),
                        "primaryCounselorId", "aaaaaaaa-0000-4000-8000-000000000002"))
                .post("/api/v1/intake/admissions").then().statusCode(201);

        Duration wait = Duration.ofSeconds(60);
        Awaitility.await().atMost(wait).untilAsserted(() -> as("casemanager.a")
                .get("/api/v1/aftercare/patients/" + patientId + "/episodes").then().statusCode(200).body("$", hasSize(1)));
        Awaitility.await().atMost(wait).untilAsserted(() -> as("clinician.a")
                .get("/api/v1/notes/patients/" + patientId + "/notes").then().statusCode(200));
        Awaitility.await().atMost(wait).untilAsserted(() -> as("prescriber.a")
                .get("/api/v1/medications/patients/" + patientId + "/orders").then().statusCode(200));
        Awaitility.await().atMost(wait).untilAsserted(() -> as("scheduler.a").queryParam("patientId", patientId)
                .get("/api/v1/scheduling/enrollments").then().statusCode(200).body("items", hasSize(1)));
        String enrollmentId = as("scheduler.a").queryParam("patientId", patientId).get("/api/v1/scheduling/enrollments")
                .then().extract().path("items[0].id");
        return new Admitted(patientId, enrollmentId);
    }
}
