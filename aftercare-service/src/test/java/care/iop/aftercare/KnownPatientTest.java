package care.iop.aftercare;

import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relapse-prevention plans and readmission requests are written only for patients with an episode in the caller's
 * clinic (opened by intake's admission): for a random id and another clinic's patient alike, reads are 404 and
 * writes 409 awaiting intake's {@code patient.admitted} (it may be on its way), and nothing is written.
 */
@QuarkusTest
class KnownPatientTest {

    private final AftercareClinic clinic = new AftercareClinic();
    private final AftercareClinic otherClinic = new AftercareClinic();

    @Inject
    DataSource dataSource;

    /** The writes that take a patient id. */
    private List<Response> writes(UUID patient) {
        String path = BASE + "/patients/" + patient;
        return List.of(
                clinic.caseManager.api().body(Map.of("triggers", List.of("Payday Fridays"),
                        "warningSigns", List.of("Skipping meals"), "copingStrategies", List.of("Call my sponsor"),
                        "crisisPlan", "Call 988.")).put(path + "/relapse-prevention-plan"),
                clinic.caseManager.api().body(Map.of("reasonCode", "relapse-reported"))
                        .post(path + "/readmission-requests"));
    }

    private static Map<String, String> problem(Response r, int status) {
        JsonPath body = r.then().statusCode(status).extract().jsonPath();
        return Map.of("type", body.getString("type"), "title", body.getString("title"), "detail",
                body.getString("detail"), "awaitedEvent", String.valueOf(body.getString("awaitedEvent")),
                "Retry-After", String.valueOf(r.header("Retry-After")));
    }

    @Test
    void a_random_id_and_another_clinics_patient_are_read_as_404_written_for_as_awaiting_and_nothing_is_written() {
        UUID random = UUID.randomUUID();
        UUID theirs = otherClinic.admitted(LocalDate.now().minusDays(10));
        Map<String, String> unknown = problem(clinic.caseManager.api().get(BASE + "/patients/" + random
                + "/episodes"), 404);
        assertThat(problem(clinic.caseManager.api().get(BASE + "/patients/" + theirs
                + "/episodes"), 404)).isEqualTo(unknown);
        long theirTraces = PatientTraces.count(dataSource, theirs);

        // A write waits for intake's admission, which may still be on its way: retry later. The answer is the same
        // for an id nobody knows and for another clinic's patient, so nothing is probed.
        Map<String, String> awaiting = problem(writes(random).get(0), 409);
        assertThat(awaiting).containsEntry("type", "urn:iop:problem:awaiting-event")
                .containsEntry("awaitedEvent", "care.iop.intake.patient.admitted.v1").containsEntry("Retry-After", "2");
        for (UUID patient : List.of(random, theirs)) {
            for (Response r : writes(patient)) {
                assertThat(problem(r, 409)).isEqualTo(awaiting);
            }
        }
        assertThat(PatientTraces.count(dataSource, random)).isZero();
        assertThat(PatientTraces.count(dataSource, theirs)).isEqualTo(theirTraces);
    }

    @Test
    void a_patient_discharged_from_this_clinic_is_written_for() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(30));
        clinic.discharge(patient, 1, LocalDate.now().minusDays(1));
        assertThat(writes(patient)).extracting(Response::statusCode).containsExactly(201, 201);
    }
}
