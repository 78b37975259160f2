package care.iop.notes;

import care.iop.testkit.StaffMember;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Issue #16: a psychotherapy note is read by its author and the clinical supervisors assigned to the author; any
 * other clinical supervisor of the clinic only through a break-glass read, which asks for a reason and is audited as
 * such (purpose of use ETREAT, sensitive, the reason kept with the audit record). Hidden notes do not exist for the
 * caller (404), as everywhere in this service, and are left out of lists.
 */
@QuarkusTest
class PsychotherapyAccessTest {

    private final NotesClinic clinic = new NotesClinic();
    /** Assigned to clinic.clinician (the author); clinic.supervisor is not. */
    private final StaffMember assigned = clinic.person("clinical-supervisor");
    private final StaffMember admin = clinic.person("clinic-admin");

    @Inject
    AgroalDataSource dataSource;

    private String signedPsychotherapyNote(UUID patient, String subjective) {
        var body = NotesClinic.soap(subjective, "Continue EMDR preparation");
        body.put("kind", "psychotherapy");
        ExtractableResponse<Response> created = clinic.clinician.api().body(body)
                .post(BASE + "/patients/" + patient + "/notes").then().statusCode(201).extract();
        String id = created.path("id");
        clinic.clinician.api().header("If-Match", created.header("ETag")).post(BASE + "/notes/" + id + "/sign")
                .then().statusCode(200);
        return id;
    }

    private void assign(StaffMember supervisor) {
        admin.api().put(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors/" + supervisor.id())
                .then().statusCode(201);
    }

    @Test
    void the_author_and_assigned_supervisors_read_it_other_supervisors_find_nothing() {
        UUID patient = clinic.admittedPatient();
        String id = signedPsychotherapyNote(patient, "Processing a childhood trauma");
        assign(assigned);

        clinic.clinician.api().get(BASE + "/notes/" + id).then().statusCode(200)
                .body("sections.subjective", equalTo("Processing a childhood trauma"));
        assigned.api().get(BASE + "/notes/" + id).then().statusCode(200)
                .body("sections.subjective", equalTo("Processing a childhood trauma"));
        clinic.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(404)
                .body("detail", equalTo("Note was not found"));
        admin.api().get(BASE + "/notes/" + id).then().statusCode(404);
        clinic.supervisor.api().body(Map.of("text", "x")).post(BASE + "/notes/" + id + "/addenda").then()
                .statusCode(404);

        // Lists: the author's and the assigned supervisor's include it, an unassigned supervisor's never.
        var psychotherapy = Map.of("kind", "psychotherapy");
        clinic.clinician.api().queryParams(psychotherapy).get(BASE + "/patients/" + patient + "/notes").then()
                .body("items.id", equalTo(List.of(id)));
        assigned.api().queryParams(psychotherapy).get(BASE + "/patients/" + patient + "/notes").then()
                .body("items.id", equalTo(List.of(id)));
        clinic.supervisor.api().queryParams(psychotherapy).get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(200).body("items", hasSize(0));
        clinic.supervisor.api().queryParam("q", "trauma").get(BASE + "/patients/" + patient + "/notes").then()
                .statusCode(200).body("items", hasSize(0));
        clinic.supervisor.api().queryParams(Map.of("kind", "psychotherapy", "q", "trauma"))
                .get(BASE + "/patients/" + patient + "/notes").then().body("items", hasSize(0));

        // The assignment is the clinic admin's to make or end, and it is what grants the reading.
        clinic.supervisor.api().put(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors/"
                + clinic.supervisor.id()).then().statusCode(403);
        admin.api().get(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors").then().statusCode(200)
                .body("supervisorId", equalTo(List.of(assigned.id().toString())));
        admin.api().delete(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors/" + assigned.id())
                .then().statusCode(204);
        assigned.api().get(BASE + "/notes/" + id).then().statusCode(404);

        // Another clinic cannot put this clinic's clinician on its supervision list (not its staff: 422).
        NotesClinic other = new NotesClinic();
        other.person("clinic-admin").api().put(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors/"
                + other.supervisor.id()).then().statusCode(422).body("violations[0].field", equalTo("staffId"));
        other.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(404);
    }

    @Test
    void a_break_glass_read_needs_a_reason_and_is_audited_as_such() throws SQLException {
        UUID patient = clinic.admittedPatient();
        String id = signedPsychotherapyNote(patient, "Disclosed intrusive thoughts");
        String url = BASE + "/notes/" + id + "/break-glass";

        clinic.supervisor.api().post(url).then().statusCode(400);
        clinic.supervisor.api().body(Map.of()).post(url).then().statusCode(400)
                .body("violations[0].field", equalTo("reasonCode"));
        clinic.supervisor.api().body(Map.of("reasonCode", "curiosity")).post(url).then().statusCode(400);
        clinic.supervisor.api().body(Map.of("reasonCode", "other")).post(url).then().statusCode(400)
                .body("violations[0].field", equalTo("reasonText"));
        clinic.clinician.api().body(Map.of("reasonCode", "patient-safety")).post(url).then().statusCode(403);
        admin.api().body(Map.of("reasonCode", "patient-safety")).post(url).then().statusCode(403);
        new NotesClinic().supervisor.api().body(Map.of("reasonCode", "patient-safety")).post(url).then()
                .statusCode(404);
        assertThat(breakGlassRows(id)).isEmpty();

        String requestId = "break-glass-" + UUID.randomUUID();
        clinic.supervisor.api().header("X-Request-Id", requestId)
                .body(Map.of("reasonCode", "patient-safety", "reasonText", "Patient called the crisis line"))
                .post(url).then().statusCode(200).body("id", equalTo(id))
                .body("sections.subjective", equalTo("Disclosed intrusive thoughts"));

        assertThat(audit(requestId)).containsExactly(
                "read Note " + id + " " + patient + " success ETREAT sensitive");
        assertThat(breakGlassRows(id)).containsExactly(
                clinic.supervisor.id() + " patient-safety Patient called the crisis line " + requestId);
        // The break-glass read does not open the note to that supervisor from then on.
        clinic.supervisor.api().get(BASE + "/notes/" + id).then().statusCode(404);

        // A code-only reason is enough for the named reasons.
        clinic.supervisor.api().body(Map.of("reasonCode", "emergency-treatment")).post(url).then().statusCode(200);
        assertThat(breakGlassRows(id)).hasSize(2);
    }

    private List<String> audit(String requestId) throws SQLException {
        return rows("SELECT action, resource_type, resource_id, patient_id, outcome, purpose_of_use, sensitive "
                + "FROM audit_log WHERE request_id = ? ORDER BY seq", requestId, rs -> rs.getString(1) + " "
                + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5) + " "
                + rs.getString(6) + (rs.getBoolean(7) ? " sensitive" : ""));
    }

    private List<String> breakGlassRows(String noteId) throws SQLException {
        return rows("SELECT b.staff_id, b.reason_code, b.reason_text, a.request_id FROM note_break_glass b "
                + "JOIN audit_log a ON a.id = b.audit_id WHERE b.note_id = ?::uuid ORDER BY b.occurred_at", noteId,
                rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
    }

    interface Row {
        String of(ResultSet rs) throws SQLException;
    }

    private List<String> rows(String sql, String parameter, Row row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.of(rs));
                }
            }
            return out;
        }
    }
}
