package care.iop.notes;

import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Notes, group-note sections and treatment plans are written only for patients known to the caller's clinic (from
 * intake's {@code patient.admitted} or scheduling's {@code session.attended}). For a random id and another clinic's
 * patient alike, reads are 404 and writes 409 awaiting the event that would make them known (it may be on its way),
 * the same answer for both, and nothing is written; once the event has arrived the same request is written.
 */
@QuarkusTest
class KnownPatientTest {

    static final String ADMITTED = "care.iop.intake.patient.admitted.v1";
    static final String ATTENDED = "care.iop.scheduling.session.attended.v1";

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

    /** The problem's members and Retry-After, with the patient's id (a group note's detail names it) taken out. */
    private static Map<String, String> problem(Response r, int status, UUID patient) {
        JsonPath body = r.then().statusCode(status).contentType("application/problem+json").extract().jsonPath();
        return Map.of("type", body.getString("type"), "title", body.getString("title"),
                "detail", body.getString("detail").replace(patient.toString(), "{patient}"),
                "awaitedEvent", String.valueOf(body.getString("awaitedEvent")),
                "Retry-After", String.valueOf(r.header("Retry-After")));
    }

    private long rowsOfClinic(String table) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from " + table + " where clinic_id = ?")) {
            s.setObject(1, clinic.clinic);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_random_id_and_another_clinics_patient_are_read_as_404_written_for_as_awaiting_and_nothing_is_written() {
        UUID random = UUID.randomUUID();
        UUID theirs = otherClinic.admittedPatient();
        UUID session = UUID.randomUUID();
        Map<String, String> unknown = problem(clinic.clinician.api().get(BASE + "/patients/" + random + "/notes"),
                404, random);
        assertThat(problem(clinic.clinician.api().get(BASE + "/patients/" + theirs + "/notes"), 404, theirs))
                .isEqualTo(unknown);
        clinic.clinician.api().get(BASE + "/patients/" + theirs + "/treatment-plans/current").then().statusCode(404);
        long theirTraces = PatientTraces.count(dataSource, theirs);

        // A write waits for the event that makes the patient known here, which may still be on its way: the
        // admission for a note or plan; for a group note the attendance it needs anyway (which makes them known too).
        List<Map<String, String>> awaiting = writes(random, session).stream().map(r -> problem(r, 409, random))
                .toList();
        assertThat(awaiting).extracting(a -> a.get("awaitedEvent")).containsExactly(ADMITTED, ADMITTED, ATTENDED);
        assertThat(awaiting).allSatisfy(a -> assertThat(a).containsEntry("type", "urn:iop:problem:awaiting-event")
                .containsEntry("Retry-After", "2"));
        // Another clinic's patient gets exactly that answer, so nothing is probed.
        assertThat(writes(theirs, session).stream().map(r -> problem(r, 409, theirs)).toList()).isEqualTo(awaiting);

        assertThat(PatientTraces.count(dataSource, random)).isZero();
        assertThat(PatientTraces.count(dataSource, theirs)).isEqualTo(theirTraces);
        assertThat(List.of("note", "group_note_entry", "treatment_plan", "treatment_plan_version"))
                .allSatisfy(table -> assertThat(rowsOfClinic(table)).as(table).isZero());
    }

    @Test
    void a_note_and_a_plan_refused_while_the_admission_is_on_its_way_are_written_once_it_has_arrived() {
        UUID patient = UUID.randomUUID();
        String noteKey = UUID.randomUUID().toString();
        String planKey = UUID.randomUUID().toString();
        var note = NotesClinic.soap("Slept better.", "Continue groups.");
        var plan = plan();
        clinic.clinician.api().header("Idempotency-Key", noteKey).body(note)
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(409).header("Retry-After", "2")
                .body("awaitedEvent", equalTo(ADMITTED));
        clinic.clinician.api().header("Idempotency-Key", planKey).body(plan)
                .post(BASE + "/patients/" + patient + "/treatment-plans").then().statusCode(409)
                .header("Retry-After", "2").body("awaitedEvent", equalTo(ADMITTED));
        assertThat(PatientTraces.count(dataSource, patient)).isZero();

        clinic.admit(patient);
        String noteId = clinic.clinician.api().header("Idempotency-Key", noteKey).body(note)
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201).extract().path("id");
        clinic.clinician.api().header("Idempotency-Key", planKey).body(plan)
                .post(BASE + "/patients/" + patient + "/treatment-plans").then().statusCode(201);
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/notes").then().statusCode(200)
                .body("items.id", equalTo(List.of(noteId)));
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/treatment-plans/current").then().statusCode(200);
    }

    @Test
    void a_patient_admitted_in_this_clinic_is_written_for() {
        UUID patient = clinic.admittedPatient();
        UUID session = UUID.randomUUID();
        clinic.attended(session, patient, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        assertThat(writes(patient, session)).extracting(Response::statusCode).containsExactly(201, 201, 201);
    }

    @Test
    void a_patient_this_clinic_only_saw_attend_is_known_too() {
        UUID patient = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        clinic.attended(session, patient, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        assertThat(writes(patient, session)).extracting(Response::statusCode).containsExactly(201, 201, 201);
    }
}
