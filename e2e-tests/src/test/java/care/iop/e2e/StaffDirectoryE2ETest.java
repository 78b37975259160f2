package care.iop.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.e2e.Platform.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #19, through the gateway with real Keycloak: the staff directory lists the realm's seeded staff of the
 * caller's clinic with their roles and nothing of the other clinic's, a user an administrator adds counts at once, and
 * the supervision list refuses another clinic's clinician.
 */
class StaffDirectoryE2ETest {

    static final String CLINICIAN_A = "aaaaaaaa-0000-4000-8000-000000000002";
    static final String SUPERVISOR_A = "aaaaaaaa-0000-4000-8000-000000000003";
    static final String CLINICIAN_B = "bbbbbbbb-0000-4000-8000-000000000002";

    @Test
    void the_directory_lists_the_seeded_staff_of_the_callers_clinic_only() {
        var page = as("scheduler.a").queryParam("limit", 200).get("/api/v1/scheduling/staff").then().statusCode(200)
                .body("items.id", hasItem(CLINICIAN_A)).body("items.id", hasItem("aaaaaaaa-0000-4000-8000-000000000009"))
                .body("items.id", everyItem(not(startsWith("bbbbbbbb-"))))
                .body("items.id", everyItem(not(startsWith("eeeeeeee-")))).extract();
        Map<String, Object> clinician = page.path("items.find { it.id == '" + CLINICIAN_A + "' }");
        org.assertj.core.api.Assertions.assertThat(clinician).containsEntry("displayName", "Clinician Northside")
                .containsEntry("roles", List.of("clinician")).containsEntry("active", true)
                .containsOnlyKeys("id", "displayName", "roles", "active");
        as("scheduler.a").queryParam("role", "clinical-supervisor").get("/api/v1/scheduling/staff").then()
                .statusCode(200).body("items.id", hasItem(SUPERVISOR_A)).body("items.id", not(hasItem(CLINICIAN_A)));
        as("scheduler.b").get("/api/v1/scheduling/staff/" + CLINICIAN_A).then().statusCode(404);
        RestAssured.given().header("Authorization", Platform.clientBearer("ehr-northside"))
                .get("/api/v1/scheduling/staff/" + CLINICIAN_A).then().statusCode(200)
                .body("roles", equalTo(List.of("clinician")));
        as("partner.p").get("/api/v1/scheduling/staff").then().statusCode(403);
    }

    @Test
    void a_new_hire_counts_at_once_and_another_clinics_clinician_is_refused_on_the_supervision_list() {
        String hire = Keycloak.staffMember(Platform.CLINIC_A, "clinician");
        as("scheduler.a").get("/api/v1/scheduling/staff/" + hire).then().statusCode(200)
                .body("roles", equalTo(List.of("clinician")));
        as("admin.a").put("/api/v1/notes/supervised-staff/" + hire + "/supervisors/" + SUPERVISOR_A).then()
                .statusCode(201);
        as("admin.a").put("/api/v1/notes/supervised-staff/" + CLINICIAN_B + "/supervisors/" + SUPERVISOR_A).then()
                .statusCode(422).body("type", equalTo("urn:iop:problem:unknown-staff"))
                .body("violations[0].field", equalTo("staffId"));
        as("admin.a").put("/api/v1/notes/supervised-staff/" + hire + "/supervisors/" + UUID.randomUUID()).then()
                .statusCode(422).body("violations[0].field", equalTo("supervisorId"));
        as("admin.a").get("/api/v1/notes/supervised-staff/" + hire + "/supervisors").then().statusCode(200)
                .body("supervisorId", equalTo(List.of(SUPERVISOR_A)));
    }
}
