package care.iop.notes;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Group notes for those who attended, the note-due worklist and overdue detection from real attendance events. */
@QuarkusTest
class GroupNotesAndDueTest {

    private final NotesClinic clinic = new NotesClinic();

    @Test
    void a_group_note_takes_only_attendees_and_files_each_section_into_that_patients_record() {
        UUID session = UUID.randomUUID();
        UUID ann = clinic.admittedPatient();
        UUID bo = clinic.admittedPatient();
        UUID absent = clinic.admittedPatient();
        Instant started = Instant.now().minus(2, ChronoUnit.HOURS);
        clinic.attended(session, ann, started, clinic.clinician.id());
        clinic.attended(session, bo, started, clinic.clinician.id());

        var body = Map.of("sessionId", session.toString(), "serviceDate", LocalDate.now().toString(),
                "narrative", "Group worked on relapse warning signs.", "interventions", List.of("relapse-prevention"),
                "entries", List.of(Map.of("patientId", ann.toString(), "section", "Ann shared a trigger."),
                        Map.of("patientId", bo.toString(), "section", "Bo practised refusal skills."),
                        Map.of("patientId", absent.toString(), "section", "Was not there.")));
        clinic.clinician.api().body(body).post(BASE + "/group-notes").then().statusCode(409)
                .body("type", equalTo("urn:iop:problem:awaiting-event"))
                .body("detail", org.hamcrest.Matchers.containsString(absent.toString()));

        var attendees = Map.of("sessionId", session.toString(), "serviceDate", LocalDate.now().toString(),
                "narrative", "Group worked on relapse warning signs.", "interventions", List.of("relapse-prevention"),
                "entries", List.of(Map.of("patientId", ann.toString(), "section", "Ann shared a trigger."),
                        Map.of("patientId", bo.toString(), "section", "Bo practised refusal skills.")));
        var created = clinic.clinician.api().body(attendees).post(BASE + "/group-notes").then().statusCode(201)
                .body("kind", equalTo("group")).body("entries", hasSize(2)).extract();
        String id = created.path("id");
        try (EventCapture events = EventCapture.from(Topics.CLINICAL_NOTES)) {
            clinic.clinician.api().header("If-Match", created.header("ETag")).post(BASE + "/notes/" + id + "/sign")
                    .then().statusCode(200).body("status", equalTo("signed"));
            events.await("care.iop.clinical-notes.note.signed.v1", ann);
            events.await("care.iop.clinical-notes.note.signed.v1", bo);
        }
        clinic.supervisor.api().get(BASE + "/patients/" + ann + "/notes").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].sections.narrative", equalTo("Group worked on relapse warning signs."))
                .body("items[0].entries.patientId", equalTo(List.of(ann.toString())))
                .body("items[0].entries[0].section", equalTo("Ann shared a trigger."));
        clinic.supervisor.api().get(BASE + "/patients/" + absent + "/notes").then().body("items", hasSize(0));
        clinic.clinician.api().get(BASE + "/worklist").then()
                .body("notes.findAll { it.sessionId == '" + session + "' }", hasSize(0));
    }

    @Test
    void an_unsigned_note_past_due_is_announced_once_and_a_late_signature_is_marked() {
        UUID patient = clinic.admittedPatient();
        UUID session = UUID.randomUUID();
        Instant started = Instant.now().minus(4, ChronoUnit.DAYS);
        try (EventCapture events = EventCapture.from(Topics.CLINICAL_NOTES)) {
            clinic.attended(session, patient, started, clinic.clinician.id());
            CloudEvent overdue = events.await("care.iop.clinical-notes.note.overdue.v1", patient);
            EventSchemas.assertValid(EventJson.write(overdue));
            assertThat(overdue.data().get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(overdue.data().get("clinicianId").asText()).isEqualTo(clinic.clinician.id().toString());
            events.assertNone(r -> r.value().contains("note.overdue") && r.key().equals(patient.toString())
                    && !r.value().contains(overdue.id()), Duration.ofSeconds(3));
        }
        clinic.clinician.api().queryParam("clinicianId", clinic.clinician.id().toString()).get(BASE + "/worklist")
                .then().body("notes.find { it.sessionId == '" + session + "' }.overdue", equalTo(true));
        clinic.clinician.api().queryParam("clinicianId", UUID.randomUUID().toString()).get(BASE + "/worklist")
                .then().body("notes.findAll { it.sessionId == '" + session + "' }", hasSize(0));

        var body = NotesClinic.soap("s", "p");
        body.put("sessionId", session.toString());
        var created = clinic.clinician.api().body(body).post(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(201).extract();
        clinic.clinician.api().header("If-Match", created.header("ETag"))
                .post(BASE + "/notes/" + created.path("id") + "/sign").then().statusCode(200)
                .body("late", equalTo(true));
        clinic.clinician.api().get(BASE + "/worklist").then()
                .body("notes.findAll { it.sessionId == '" + session + "' }", hasSize(0));
    }
}
