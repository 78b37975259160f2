package care.iop.notes;

import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notes, group-note sections and treatment plans are written only for patients intake admitted in the caller's
 * clinic: a random id and another clinic's patient get the same 404 as a foreign id, and nothing is written.
 */
@QuarkusTest
class KnownPatientTest {

    private final NotesClinic clinic = new NotesClinic();
    private final NotesClinic otherClinic = new NotesClinic();

    @Inject
    DataSource dataSource;

    private Map<String, Object> plan() {
        Map<String, Object> content = new HashMap<>();
        content.put("problems", List.of(Map.of("icd10", "F10.20", "description", "Alcohol use disorder, moderate")));
        content.put("goals", List.of(Map.of("inPatientsWords", "Keep my job")));
        content.put("objectives", List.of(Map.of("goal", 0, "description", "Attend 90% of groups",
                "targetDate", LocalDate.now().plusWeeks(6).toString())));
        content.put("interventions", List.of(Map.of("modality", "cbt", "frequency", "3 groups a week",
                "responsibleStaffId", clinic.clinician.id().toString())));
        return Map.of("content", content, "patientParticipated", true,
                "patientSignedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private Map<String, Object> groupNote(UUID session, UUID patient) {
        return Map.of("sessionId", session.toString(), "serviceDate", LocalDate.now().toString(),
                "narrative", "Group worked on relapse warning signs.", "interventions", List.of("relapse-prevention"),
                "entries", List.of(Map.of("patientId", patient.toString(), "section", "Shared a trigger.")));
    }

    /** The writes that take a patient id: an individual note, a treatment plan, a group-note section. */
    private List<Response> writes(UUID patient, UUID session) {
        return List.of(
                clinic.clinician.api().body(NotesClinic.soap("Slept better.", "Continue groups."))
                        .post(BASE + "/patients/" + patient + "/notes"),
                clinic.clinician.api().body(plan()).post(BASE + "/patients/" + patient + "/treatment-plans"),
                clinic.clinician.api().body(groupNote(session, patient)).post(BASE + "/group-notes"));
    }

    private static Map<String, String> problem(Response r) {
        JsonPath body = r.then().statusCode(404).extract().jsonPath();
        return Map.of("type", body.getString("type"), "title", body.getString("title"), "detail",
                body.getString("detail"));
    }

    @Test
    void a_random_id_and_another_clinics_patient_get_the_foreign_404_and_nothing_is_written() {
        UUID random = UUID.randomUUID();
        UUID theirs = otherClinic.admittedPatient();
        UUID session = UUID.randomUUID();
        Map<String, String> foreign = problem(clinic.clinician.api().get(BASE + "/patients/" + theirs + "/notes"));
        long theirTraces = PatientTraces.count(dataSource, theirs);

        for (UUID patient : List.of(random, theirs)) {
            for (Response r : writes(patient, session)) {
                assertThat(problem(r)).isEqualTo(foreign);
            }
        }
        assertThat(PatientTraces.count(dataSource, random)).isZero();
        assertThat(PatientTraces.count(dataSource, theirs)).isEqualTo(theirTraces);
    }

    @Test
    void a_patient_admitted_in_this_clinic_is_written_for() {
        UUID patient = clinic.admittedPatient();
        UUID session = UUID.randomUUID();
        clinic.attended(session, patient, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        assertThat(writes(patient, session)).extracting(Response::statusCode).containsExactly(201, 201, 201);
    }
}
