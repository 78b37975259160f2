package care.iop.notes;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.notes.note.Note;
import care.iop.testkit.EventCapture;
import care.iop.testkit.LogCapture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/** Draft → signed → addenda only: what the legal record promises, over HTTP with the events on the broker. */
@QuarkusTest
class NoteLifecycleTest {

    private final NotesClinic clinic = new NotesClinic();

    private ExtractableResponse<Response> draft(UUID patient, Map<String, Object> body) {
        return clinic.clinician.api().body(body).post(BASE + "/patients/" + patient + "/notes").then().statusCode(201)
                .body("status", equalTo("draft")).extract();
    }

    @Test
    void a_signed_note_never_changes_and_addenda_keep_the_original() {
        UUID patient = clinic.admittedPatient();
        String secret = "Reports craving zebra-" + UUID.randomUUID();
        try (LogCapture log = LogCapture.start();
             EventCapture events = EventCapture.from(Topics.CLINICAL_NOTES, Topics.AUDIT)) {
            var created = draft(patient, NotesClinic.soap(secret, null));
            String id = created.path("id");
            String etag = created.header("ETag");
            assertThat(created.header("Location")).endsWith(BASE + "/notes/" + id);

            // Incomplete sections cannot be signed; edits need If-Match, current.
            clinic.clinician.api().header("If-Match", etag).post(BASE + "/notes/" + id + "/sign").then()
                    .statusCode(422);
            clinic.clinician.api().body(NotesClinic.soap(secret, "Continue IOP 3x weekly."))
                    .put(BASE + "/notes/" + id).then().statusCode(428);
            clinic.clinician.api().header("If-Match", "\"99\"").body(NotesClinic.soap(secret, "Continue IOP."))
                    .put(BASE + "/notes/" + id).then().statusCode(412);
            clinic.otherClinician.api().header("If-Match", etag).body(NotesClinic.soap(secret, "x"))
                    .put(BASE + "/notes/" + id).then().statusCode(404);
            etag = clinic.clinician.api().header("If-Match", etag).body(NotesClinic.soap(secret, "Continue IOP 3x weekly."))
                    .put(BASE + "/notes/" + id).then().statusCode(200).extract().header("ETag");

            var signed = clinic.clinician.api().header("If-Match", etag).post(BASE + "/notes/" + id + "/sign").then()
                    .statusCode(200).body("status", equalTo("signed")).body("contentHash", matchesPattern("[0-9a-f]{64}"))
                    .body("signedAt", notNullValue()).body("late", equalTo(false)).extract();
            String hash = signed.path("contentHash");
            String signedTag = signed.header("ETag");

            // Nobody edits a signed note: not its author, not another clinician, not a supervisor.
            for (care.iop.testkit.StaffMember who : List.of(clinic.clinician, clinic.otherClinician, clinic.supervisor)) {
                who.api().header("If-Match", signedTag).body(NotesClinic.soap("changed", "changed"))
                        .put(BASE + "/notes/" + id).then().statusCode(409);
            }
            clinic.clinician.api().header("If-Match", signedTag).post(BASE + "/notes/" + id + "/sign").then()
                    .statusCode(409);

            clinic.otherClinician.api().body(Map.of("text", "Late entry: patient phoned after session."))
                    .post(BASE + "/notes/" + id + "/addenda").then().statusCode(201)
                    .header("Location", org.hamcrest.Matchers.endsWith(BASE + "/notes/" + id))
                    .body("authorId", equalTo(clinic.otherClinician.id().toString()))
                    .body("contentHash", matchesPattern("[0-9a-f]{64}"));
            clinic.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(200)
                    .body("sections.subjective", equalTo(secret)).body("contentHash", equalTo(hash))
                    .body("addenda", hasSize(1)).body("addenda[0].text", equalTo("Late entry: patient phoned after session."));

            CloudEvent signedEvent = events.await("care.iop.clinical-notes.note.signed.v1", patient);
            EventSchemas.assertValid(EventJson.write(signedEvent));
            assertThat(signedEvent.data().get("noteId").asText()).isEqualTo(id);
            assertThat(signedEvent.data().get("format").asText()).isEqualTo("soap");
            assertThat(signedEvent.data().get("authorId").asText()).isEqualTo(clinic.clinician.id().toString());
            events.await("care.iop.clinical-notes.note.amended.v1", patient);
            events.awaitCount(r -> r.topic().equals(Topics.AUDIT) && r.key().equals(patient.toString()), 5,
                    Duration.ofSeconds(20));
            assertThat(events.records()).allSatisfy(r -> assertThat(r.value()).doesNotContain(secret)
                    .doesNotContain("Continue IOP"));
            assertThat(log.text()).doesNotContain(secret).doesNotContain("Continue IOP");
        }
    }

    @Test
    void the_database_itself_refuses_to_change_a_signed_note() {
        UUID patient = clinic.admittedPatient();
        var created = draft(patient, NotesClinic.soap("s", "p"));
        clinic.clinician.api().header("If-Match", created.header("ETag"))
                .post(BASE + "/notes/" + created.path("id") + "/sign").then().statusCode(200);
        UUID id = UUID.fromString(created.path("id"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> Note.getEntityManager()
                .createNativeQuery("update note set sections = '{\"subjective\":\"rewritten\"}' where id = :id")
                .setParameter("id", id).executeUpdate())).hasStackTraceContaining("cannot change");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> Note.getEntityManager()
                .createNativeQuery("delete from note where id = :id").setParameter("id", id).executeUpdate()))
                .hasStackTraceContaining("cannot be deleted");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> Note.getEntityManager()
                .createNativeQuery("update note set format = 'DAP', status = 'DRAFT' where id = :id")
                .setParameter("id", id).executeUpdate())).hasStackTraceContaining("cannot change");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> Note.getEntityManager()
                .createNativeQuery("insert into group_note_entry (id, note_id, clinic_id, patient_id, section) "
                        + "values (gen_random_uuid(), :id, :clinic, gen_random_uuid(), 'added later')")
                .setParameter("id", id).setParameter("clinic", clinic.clinic).executeUpdate()))
                .hasStackTraceContaining("cannot change");
        clinic.clinician.api().get(BASE + "/notes/" + id).then().body("sections.subjective", equalTo("s"))
                .body("format", equalTo("soap")).body("status", equalTo("signed"));
    }

    @Test
    void every_format_is_written_and_answered_by_its_kebab_case_wire_value() {
        UUID patient = clinic.admittedPatient();
        Map<String, Map<String, String>> formats = Map.of(
                "soap", Map.of("subjective", "s", "objective", "o", "assessment", "a", "plan", "p"),
                "dap", Map.of("data", "d", "assessment", "a", "plan", "p"),
                "birp", Map.of("behavior", "b", "intervention", "i", "response", "r", "plan", "p"));
        formats.forEach((format, sections) -> {
            var note = NotesClinic.soap("s", "p");
            note.put("format", format);
            note.put("sections", sections);
            var created = clinic.clinician.api().body(note).post(BASE + "/patients/" + patient + "/notes").then()
                    .statusCode(201).body("format", equalTo(format)).extract();
            clinic.clinician.api().header("If-Match", created.header("ETag"))
                    .post(BASE + "/notes/" + created.path("id") + "/sign").then().statusCode(200)
                    .body("format", equalTo(format)).body("status", equalTo("signed"));
        });
        clinic.clinician.api().queryParam("kind", "progress").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(200).body("items.format", org.hamcrest.Matchers.containsInAnyOrder("soap", "dap", "birp"));
    }

    @Test
    void sections_must_fit_the_format_and_bad_values_change_nothing() {
        UUID patient = clinic.admittedPatient();
        var dap = NotesClinic.soap("s", "p");
        dap.put("format", "dap");
        clinic.clinician.api().body(dap).post(BASE + "/patients/" + patient + "/notes").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("sections.subjective"));
        // Wire values are kebab-case (issue #19): the old upper-case format is refused like any unknown value.
        for (String old : List.of("SOAP", "DAP", "BIRP")) {
            var upper = NotesClinic.soap("s", "p");
            upper.put("format", old);
            clinic.clinician.api().body(upper).post(BASE + "/patients/" + patient + "/notes").then().statusCode(400);
        }
        clinic.clinician.api().queryParam("kind", "PROGRESS").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400).body("violations[0].field", equalTo("kind"));
        var badIntervention = NotesClinic.soap("s", "p");
        badIntervention.put("interventions", List.of("hypnosis"));
        clinic.clinician.api().body(badIntervention).post(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400);
        var badRisk = NotesClinic.soap("s", "p");
        badRisk.put("risk", Map.of("suicidalIdeation", "maybe", "homicidalIdeation", "none", "selfHarm", false,
                "level", "low"));
        clinic.clinician.api().body(badRisk).post(BASE + "/patients/" + patient + "/notes").then().statusCode(400);
        var unknownObjective = NotesClinic.soap("s", "p");
        unknownObjective.put("objectivesAddressed", List.of(UUID.randomUUID().toString()));
        clinic.clinician.api().body(unknownObjective).post(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400).body("violations[0].field", equalTo("objectivesAddressed[0]"));
        // An EHR's service account may read notes but cannot author one, even though Keycloak gives it a UUID subject.
        String ehr = care.iop.testkit.TestTokens.ehr(clinic.clinic, "ehr-northside").subject(UUID.randomUUID().toString())
                .bearer();
        io.restassured.RestAssured.given().header("Authorization", ehr).contentType("application/json")
                .body(NotesClinic.soap("s", "p")).post(BASE + "/patients/" + patient + "/notes").then().statusCode(403);
        var unattended = NotesClinic.soap("s", "p");
        unattended.put("sessionId", UUID.randomUUID().toString());
        clinic.clinician.api().body(unattended).post(BASE + "/patients/" + patient + "/notes").then().statusCode(409)
                .body("type", equalTo("urn:iop:problem:awaiting-event"));
        clinic.clinician.api().queryParam("from", "2024-13-01").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400).body("violations[0].field", equalTo("from"));
        clinic.clinician.api().queryParam("authorId", "someone").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400).body("violations[0].field", equalTo("authorId"));
        clinic.clinician.api().queryParam("limit", "lots").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(400).body("violations[0].field", equalTo("limit"));
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(0));
    }

    @Test
    void a_supervised_clinicians_note_waits_for_a_supervisors_co_signature() {
        UUID patient = clinic.admittedPatient();
        clinic.supervisor.api().put(BASE + "/supervised-staff/" + clinic.clinician.id()).then().statusCode(201);
        clinic.clinician.api().put(BASE + "/supervised-staff/" + clinic.clinician.id()).then().statusCode(403);
        var created = draft(patient, NotesClinic.soap("s", "p"));
        String id = created.path("id");
        try (EventCapture events = EventCapture.from(Topics.CLINICAL_NOTES)) {
            String etag = clinic.clinician.api().header("If-Match", created.header("ETag"))
                    .post(BASE + "/notes/" + id + "/sign").then().statusCode(200)
                    .body("status", equalTo("pending-co-signature")).body("coSignRequired", equalTo(true))
                    .extract().header("ETag");
            assertThat(events.await("care.iop.clinical-notes.note.signed.v1", patient).data().get("coSignRequired")
                    .asBoolean()).isTrue();
            clinic.clinician.api().header("If-Match", etag).post(BASE + "/notes/" + id + "/co-sign").then()
                    .statusCode(403);
            clinic.supervisor.api().post(BASE + "/notes/" + id + "/co-sign").then().statusCode(428);
            clinic.supervisor.api().header("If-Match", etag).post(BASE + "/notes/" + id + "/co-sign").then()
                    .statusCode(200).body("status", equalTo("signed"))
                    .body("coSignedBy", equalTo(clinic.supervisor.id().toString()));
            clinic.supervisor.api().header("If-Match", "*").post(BASE + "/notes/" + id + "/co-sign").then()
                    .statusCode(409);
        }
    }

    @Test
    void psychotherapy_notes_are_seen_only_by_their_author_and_assigned_supervisors() {
        UUID patient = clinic.admittedPatient();
        var body = NotesClinic.soap("Processing childhood trauma", "Continue EMDR prep");
        body.put("kind", "psychotherapy");
        var created = draft(patient, body);
        String id = created.path("id");
        clinic.clinician.api().header("If-Match", created.header("ETag")).post(BASE + "/notes/" + id + "/sign").then()
                .statusCode(200);
        draft(patient, NotesClinic.soap("progress", "plan"));

        clinic.otherClinician.api().get(BASE + "/notes/" + id).then().statusCode(404);
        clinic.person("clinic-admin").api().get(BASE + "/notes/" + id).then().statusCode(404);
        clinic.otherClinician.api().queryParam("kind", "psychotherapy").get(BASE + "/patients/" + patient + "/notes")
                .then().body("items", hasSize(0));
        clinic.otherClinician.api().body(Map.of("text", "x")).post(BASE + "/notes/" + id + "/addenda").then()
                .statusCode(404);
        // Not in the general list, even for its author.
        clinic.clinician.api().get(BASE + "/patients/" + patient + "/notes").then()
                .body("items.kind", equalTo(List.of("progress")));
        clinic.clinician.api().queryParam("kind", "psychotherapy").get(BASE + "/patients/" + patient + "/notes")
                .then().body("items.id", equalTo(List.of(id)));
        // A clinical supervisor reads it once assigned to the author (PsychotherapyAccessTest has the rest).
        clinic.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(404);
        clinic.person("clinic-admin").api().put(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors/"
                + clinic.supervisor.id()).then().statusCode(201);
        clinic.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(200)
                .body("sections.subjective", equalTo("Processing childhood trauma"));
    }

    @Test
    void notes_are_searchable_by_text_date_and_author_within_the_clinic() {
        UUID patient = clinic.admittedPatient();
        for (String text : List.of("Discussed cravings after the weekend", "Reviewed sleep hygiene")) {
            var created = draft(patient, NotesClinic.soap(text, "p"));
            clinic.clinician.api().header("If-Match", created.header("ETag"))
                    .post(BASE + "/notes/" + created.path("id") + "/sign").then().statusCode(200);
        }
        clinic.supervisor.api().queryParam("q", "craving").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(200).body("items", hasSize(1))
                .body("items[0].sections.subjective", equalTo("Discussed cravings after the weekend"));
        clinic.supervisor.api().queryParam("authorId", clinic.otherClinician.id().toString())
                .get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(0));
        clinic.supervisor.api().queryParam("from", "2020-01-01").queryParam("to", "2020-12-31")
                .get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(0));
        clinic.supervisor.api().queryParam("limit", 1).get(BASE + "/patients/" + patient + "/notes").then()
                .body("items", hasSize(1)).body("nextCursor", notNullValue());

        NotesClinic other = new NotesClinic();
        other.clinician.api().get(BASE + "/patients/" + patient + "/notes").then().statusCode(404);
        String someNote = clinic.supervisor.api().get(BASE + "/patients/" + patient + "/notes").then().extract()
                .path("items[0].id");
        other.supervisor.api().get(BASE + "/notes/" + someNote).then().statusCode(404);
        clinic.person("nurse").api().body(NotesClinic.soap("s", "p")).post(BASE + "/patients/" + patient + "/notes")
                .then().statusCode(403);
        clinic.person("nurse").api().get(BASE + "/notes/" + someNote).then().statusCode(200);
        clinic.person("auditor").api().get(BASE + "/notes/" + someNote).then().statusCode(403);
    }
}
