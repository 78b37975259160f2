package care.iop.medication;

import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.medication.MedClinic.BASE;
import static care.iop.medication.MedClinic.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders, allergies, drug screens and reconciliations are written only for patients intake admitted in the caller's
 * clinic: for a random id and another clinic's patient alike, reads are 404 and writes 409 awaiting intake's
 * {@code patient.admitted} (it may be on its way), and nothing is written.
 */
@QuarkusTest
class KnownPatientTest {

    private final MedClinic clinic = new MedClinic();
    private final MedClinic otherClinic = new MedClinic();

    @Inject
    DataSource dataSource;

    /** The writes that take a patient id. */
    private List<Response> writes(UUID patient) {
        String path = BASE + "/patients/" + patient;
        return List.of(
                clinic.prescriber.api().body(order("sertraline", "oral", 50, "mg")).post(path + "/orders"),
                clinic.nurse.api().body(Map.of("substance", "benzodiazepine", "reaction", "paradoxical agitation",
                        "severity", "moderate")).post(path + "/allergies"),
                clinic.prescriber.api().body(Map.of("specimen", "urine", "panel", List.of("BUP")))
                        .post(path + "/drug-screens"),
                clinic.prescriber.api().body(Map.of("items", List.of(Map.of("medication", "sertraline 50 mg",
                        "catalogueId", "sertraline", "decision", "continue")))).post(path + "/reconciliations"));
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
        UUID theirs = otherClinic.admittedPatient();
        Map<String, String> unknown = problem(clinic.prescriber.api().get(BASE + "/patients/" + random
                + "/orders"), 404);
        assertThat(problem(clinic.prescriber.api().get(BASE + "/patients/" + theirs + "/orders"), 404))
                .isEqualTo(unknown);
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
    void a_patient_admitted_in_this_clinic_is_written_for() {
        UUID patient = clinic.admittedPatient();
        assertThat(writes(patient)).extracting(Response::statusCode).containsExactly(201, 201, 201, 201);
    }
}
