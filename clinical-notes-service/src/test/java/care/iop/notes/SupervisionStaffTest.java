package care.iop.notes;

import care.iop.testkit.StaffMember;
import care.iop.testkit.TestStaff;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static care.iop.notes.NotesClinic.BASE;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #19: the supervision lists name staff of the caller's clinic only, checked against the staff directory
 * (Keycloak; here the testkit's stand-in). Another clinic's clinician, an unknown id, a disabled account or staff
 * without the role is a 422 naming the field, and nothing is stored; Keycloak unreachable is a 503.
 */
@QuarkusTest
class SupervisionStaffTest {

    private final NotesClinic clinic = new NotesClinic();
    private final StaffMember admin = clinic.person("clinic-admin");

    private String assignment(UUID staffId, UUID supervisorId) {
        return BASE + "/supervised-staff/" + staffId + "/supervisors/" + supervisorId;
    }

    @Test
    void another_clinics_clinician_is_refused_on_the_supervision_list_and_nothing_is_stored() {
        NotesClinic other = new NotesClinic();
        admin.api().put(assignment(clinic.clinician.id(), other.supervisor.id())).then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:iop:problem:unknown-staff"))
                .body("violations[0].field", equalTo("supervisorId"));
        admin.api().put(assignment(other.clinician.id(), clinic.supervisor.id())).then().statusCode(422)
                .body("violations[0].field", equalTo("staffId"));
        admin.api().get(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors").then().statusCode(200)
                .body("$", hasSize(0));
        admin.api().get(BASE + "/supervised-staff/" + other.clinician.id() + "/supervisors").then().statusCode(200)
                .body("$", hasSize(0));

        clinic.supervisor.api().put(BASE + "/supervised-staff/" + other.clinician.id()).then().statusCode(422)
                .body("violations[0].field", equalTo("staffId"));
        clinic.supervisor.api().get(BASE + "/supervised-staff").then().statusCode(200)
                .body("staffId", not(hasItem(other.clinician.id().toString())));

        admin.api().put(assignment(clinic.clinician.id(), clinic.supervisor.id())).then().statusCode(201);
        clinic.supervisor.api().put(BASE + "/supervised-staff/" + clinic.clinician.id()).then().statusCode(201);
    }

    @Test
    void unknown_disabled_and_unqualified_supervisors_are_refused() {
        UUID disabled = UUID.randomUUID();
        TestStaff.register(disabled, clinic.clinic, false, "clinical-supervisor");
        for (UUID supervisor : List.of(UUID.randomUUID(), disabled, clinic.otherClinician.id(),
                admin.id())) {
            admin.api().put(assignment(clinic.clinician.id(), supervisor)).then().statusCode(422)
                    .body("violations[0].field", equalTo("supervisorId"));
        }
        admin.api().put(BASE + "/supervised-staff/" + UUID.randomUUID()).then().statusCode(422);
        admin.api().get(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors").then()
                .body("$", hasSize(0));
    }

    @Test
    void keycloak_unreachable_is_a_503_with_retry_after_and_nothing_is_stored() {
        StaffMember hire = clinic.person("clinical-supervisor");
        TestStaff.keycloakDown(true);
        try {
            admin.api().put(assignment(clinic.clinician.id(), hire.id())).then().statusCode(503)
                    .header("Retry-After", notNullValue());
        } finally {
            TestStaff.keycloakDown(false);
        }
        admin.api().get(BASE + "/supervised-staff/" + clinic.clinician.id() + "/supervisors").then()
                .body("$", hasSize(0));
        admin.api().put(assignment(clinic.clinician.id(), hire.id())).then().statusCode(201);
    }
}
