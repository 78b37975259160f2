package care.iop.notes;

import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * Steps that wait on scheduling's session.attended (the platform is eventually consistent): until the event has
 * arrived the answer is 409 awaiting-event naming it, with Retry-After, and nothing is written; once it has, the same
 * request (the same Idempotency-Key too) succeeds.
 */
@QuarkusTest
class AwaitingEventTest {

    static final String ATTENDED = "care.iop.scheduling.session.attended.v1";

    private final NotesClinic clinic = new NotesClinic();

    @Inject
    DataSource dataSource;

    private static void awaitsAttendance(ValidatableResponse r, UUID patient, UUID session) {
        r.statusCode(409).contentType("application/problem+json").header("Retry-After", "2")
                .body("type", equalTo("urn:iop:problem:awaiting-event")).body("awaitedEvent", equalTo(ATTENDED))
                .body("detail", containsString(patient.toString())).body("detail", containsString(session.toString()));
    }

    @Test
    void a_note_for_a_session_whose_attendance_has_not_arrived_waits_for_it_then_is_written() {
        UUID patient = clinic.admittedPatient();
        UUID session = UUID.randomUUID();
        var note = NotesClinic.soap("Slept better.", "Continue groups.");
        note.put("sessionId", session.toString());
        String key = UUID.randomUUID().toString();
        long traces = PatientTraces.count(dataSource, patient);

        awaitsAttendance(clinic.clinician.api().header("Idempotency-Key", key).body(note)
                .post(BASE + "/patients/" + patient + "/notes").then(), patient, session);
        assertThat(PatientTraces.count(dataSource, patient)).isEqualTo(traces);
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(0));

        clinic.attended(session, patient, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        String id = clinic.clinician.api().header("Idempotency-Key", key).body(note)
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201)
                .body("sessionId", equalTo(session.toString())).extract().path("id");
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(1))
                .body("items[0].id", equalTo(id));
    }

    @Test
    void editing_a_draft_onto_a_session_not_yet_attended_waits_and_leaves_the_draft_as_it_was() {
        UUID patient = clinic.admittedPatient();
        var created = clinic.clinician.api().body(NotesClinic.soap("First words.", null))
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201).extract();
        String id = created.path("id");
        UUID session = UUID.randomUUID();
        var edited = NotesClinic.soap("Other words.", null);
        edited.put("sessionId", session.toString());

        awaitsAttendance(clinic.clinician.api().header("If-Match", created.header("ETag")).body(edited)
                .put(BASE + "/notes/" + id).then(), patient, session);
        clinic.clinician.api().get(BASE + "/notes/" + id).then().statusCode(200)
                .header("ETag", equalTo(created.header("ETag"))).body("sections.subjective", equalTo("First words."))
                .body("sessionId", equalTo(null));
    }

    @Test
    void a_group_note_naming_someone_whose_attendance_has_not_arrived_waits_and_writes_nothing() {
        UUID session = UUID.randomUUID();
        UUID ann = clinic.admittedPatient();
        UUID late = clinic.admittedPatient();
        clinic.attended(session, ann, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        var body = Map.of("sessionId", session.toString(), "serviceDate", LocalDate.now().toString(),
                "narrative", "Group worked on relapse warning signs.", "interventions", List.of("relapse-prevention"),
                "entries", List.of(Map.of("patientId", ann.toString(), "section", "Ann shared a trigger."),
                        Map.of("patientId", late.toString(), "section", "Practised refusal skills.")));
        long annTraces = PatientTraces.count(dataSource, ann);
        long lateTraces = PatientTraces.count(dataSource, late);

        var refused = clinic.clinician.api().body(body).post(BASE + "/group-notes").then();
        awaitsAttendance(refused, late, session);
        refused.body("detail", not(containsString(ann.toString())));
        assertThat(PatientTraces.count(dataSource, ann)).isEqualTo(annTraces);
        assertThat(PatientTraces.count(dataSource, late)).isEqualTo(lateTraces);

        clinic.attended(session, late, Instant.now().minus(2, ChronoUnit.HOURS), clinic.clinician.id());
        var written = clinic.clinician.api().body(body).post(BASE + "/group-notes").then().statusCode(201)
                .body("entries", hasSize(2)).extract();
        assertThat(written.header("Location")).endsWith(BASE + "/notes/" + written.path("id"));
    }
}
