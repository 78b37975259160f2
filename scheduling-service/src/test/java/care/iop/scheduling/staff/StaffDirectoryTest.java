package care.iop.scheduling.staff;

import care.iop.scheduling.Sched;
import care.iop.testkit.StaffMember;
import care.iop.testkit.TestStaff;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The staff directory over HTTP, against the testkit's stand-in for Keycloak's admin API: a clinic's staff with their
 * roles and nothing of another clinic's, and facilitator ids refused unless they name active treating staff of the
 * caller's clinic.
 */
@QuarkusTest
class StaffDirectoryTest {

    private final Sched clinic = new Sched();
    private final LocalDate day = Sched.nextWeekday(DayOfWeek.WEDNESDAY, 2);

    @Test
    void lists_the_clinics_staff_with_their_roles_and_nothing_of_another_clinic() {
        UUID nurse = UUID.randomUUID();
        TestStaff.registerNamed(nurse, clinic.clinic, true, "Ada", "Lovelace", "nurse", "case-manager");
        UUID gone = UUID.randomUUID();
        TestStaff.register(gone, clinic.clinic, false, "clinician");
        UUID service = UUID.randomUUID();
        TestStaff.register(service, clinic.clinic, true, "ehr-integration");
        StaffMember elsewhere = StaffMember.of(UUID.randomUUID(), "clinician");

        var page = clinic.asScheduler().get(BASE + "/staff").then().statusCode(200)
                .body("items.id", hasItem(nurse.toString())).body("items.id", hasItem(gone.toString()))
                .body("items.id", not(hasItem(service.toString())))
                .body("items.id", not(hasItem(elsewhere.id().toString())))
                .body("nextCursor", nullValue()).extract();
        Map<String, Object> ada = page.path("items.find { it.id == '" + nurse + "' }");
        // exactly the four fields: no e-mail, no user name, no clinic
        org.assertj.core.api.Assertions.assertThat(ada).containsOnlyKeys("id", "displayName", "roles", "active");
        org.assertj.core.api.Assertions.assertThat(ada).containsEntry("displayName", "Ada Lovelace")
                .containsEntry("roles", List.of("nurse", "case-manager")).containsEntry("active", true);

        clinic.asScheduler().queryParam("role", "nurse").get(BASE + "/staff").then().statusCode(200)
                .body("items.id", contains(nurse.toString()));
        clinic.asScheduler().queryParam("active", false).get(BASE + "/staff").then().statusCode(200)
                .body("items.id", contains(gone.toString()));
        clinic.asScheduler().queryParam("role", "partner").get(BASE + "/staff").then().statusCode(400)
                .body("violations[0].field", equalTo("role"));

        clinic.asScheduler().get(BASE + "/staff/" + nurse).then().statusCode(200)
                .body("displayName", equalTo("Ada Lovelace"));
        clinic.asScheduler().get(BASE + "/staff/" + elsewhere.id()).then().statusCode(404);
        clinic.asScheduler().get(BASE + "/staff/" + service).then().statusCode(404);
    }

    @Test
    void pages_follow_the_cursor_without_gaps_or_repeats() {
        UUID own = UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(TestStaff.register(own, "clinician").toString());
        }
        var first = as(StaffMember.of(own, "scheduler").bearer()).queryParam("role", "clinician").queryParam("limit", 2)
                .get(BASE + "/staff").then().statusCode(200).body("items", hasSize(2))
                .body("nextCursor", notNullValue()).extract();
        List<String> seen = new java.util.ArrayList<>(first.path("items.id"));
        as(TestTokens.staff(own, "auditor").bearer()).queryParam("role", "clinician").queryParam("limit", 2)
                .queryParam("cursor", first.<String>path("nextCursor")).get(BASE + "/staff").then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", nullValue()).extract().<List<String>>path("items.id")
                .forEach(seen::add);
        org.assertj.core.api.Assertions.assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void staff_and_the_ehr_read_it_partners_do_not() {
        as(TestTokens.ehr(clinic.clinic, "ehr-test").bearer()).get(BASE + "/staff").then().statusCode(200);
        as(clinic.clinician).get(BASE + "/staff").then().statusCode(200);
        as(TestTokens.partner(UUID.randomUUID()).bearer()).get(BASE + "/staff").then().statusCode(403);
        RestAssured.given().get(BASE + "/staff").then().statusCode(401);
    }

    @Test
    void a_facilitator_who_is_not_active_treating_staff_of_the_clinic_is_refused_and_nothing_is_stored() {
        UUID disabled = UUID.randomUUID();
        TestStaff.register(disabled, clinic.clinic, false, "clinician");
        Map<String, String> refused = Map.of(
                StaffMember.of(UUID.randomUUID(), "clinician").id().toString(), "another clinic's clinician",
                UUID.randomUUID().toString(), "an unknown id",
                disabled.toString(), "a disabled account",
                TestStaff.register(clinic.clinic, "scheduler").toString(), "staff who do not treat");
        refused.forEach((id, why) -> {
            var body = new HashMap<>(clinic.session("individual-therapy", day, "10:00", 60));
            body.put("capacity", 1);
            body.put("facilitatorIds", List.of(clinic.facilitator(), id));
            clinic.asScheduler().body(body).post(BASE + "/sessions").then().statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("urn:iop:problem:unknown-staff"))
                    .body("violations", hasSize(1)).body("violations[0].field", equalTo("facilitatorIds[1]"))
                    .body("detail", not(org.hamcrest.Matchers.containsString(id)));
        });
        clinic.asScheduler().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get(BASE + "/sessions").then().statusCode(200).body("items", hasSize(0));

        var track = clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday"), "09:00", 180);
        track.put("facilitatorIds", List.of(StaffMember.of(UUID.randomUUID(), "clinician").id().toString()));
        clinic.asScheduler().body(track).post(BASE + "/tracks").then().statusCode(422)
                .body("violations[0].field", equalTo("facilitatorIds[0]"));
        org.assertj.core.api.Assertions.assertThat(clinic.asScheduler().get(BASE + "/tracks").then().statusCode(200)
                .extract().asString()).doesNotContain((String) track.get("code"));
    }

    @Test
    void a_new_hire_is_accepted_at_once_even_after_the_list_was_read() {
        clinic.asScheduler().get(BASE + "/staff").then().statusCode(200);
        UUID hire = TestStaff.register(clinic.clinic, "clinical-supervisor");
        var body = clinic.session("group-therapy", day, "13:00", 60);
        body.put("facilitatorIds", List.of(hire.toString()));
        clinic.asScheduler().body(body).post(BASE + "/sessions").then().statusCode(201);
        String sessionId = clinic.createSession(clinic.session("group-therapy", day, "15:00", 60));
        // a reschedule naming another clinic's clinician is refused like a new session
        clinic.asScheduler().body(Map.of("reasonCode", "staff-illness",
                        "facilitatorIds", List.of(StaffMember.of(UUID.randomUUID(), "clinician").id().toString())))
                .post(BASE + "/sessions/" + sessionId + "/reschedule").then().statusCode(422)
                .body("violations[0].field", equalTo("facilitatorIds[0]"));
    }

    @Test
    void keycloak_unreachable_is_a_503_with_retry_after_and_nothing_is_stored() {
        UUID hire = TestStaff.register(clinic.clinic, "clinician");
        var body = clinic.session("group-therapy", day, "17:00", 60);
        body.put("facilitatorIds", List.of(hire.toString()));
        TestStaff.keycloakDown(true);
        try {
            clinic.asScheduler().body(body).post(BASE + "/sessions").then().statusCode(503)
                    .header("Retry-After", notNullValue()).body("type", equalTo("urn:iop:problem:service-unavailable"));
            as(TestTokens.staff(UUID.randomUUID(), "scheduler").bearer()).get(BASE + "/staff").then().statusCode(503);
        } finally {
            TestStaff.keycloakDown(false);
        }
        clinic.asScheduler().queryParam("from", day.toString()).queryParam("to", day.toString())
                .get(BASE + "/sessions").then().statusCode(200).body("items", hasSize(0));
        clinic.asScheduler().body(body).post(BASE + "/sessions").then().statusCode(201);
    }

    @Test
    void the_openapi_document_names_the_staff_schemas() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/scheduling/staff"))
                .body("paths", hasKey("/api/v1/scheduling/staff/{id}"))
                .body("paths.'/api/v1/scheduling/staff'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/StaffPage"))
                .body("paths.'/api/v1/scheduling/staff/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/StaffMember"))
                .body("components.schemas.StaffMember.properties", hasKey("displayName"))
                .body("paths.'/api/v1/scheduling/sessions/{id}/reschedule'.post.responses", hasKey("422"))
                .body("paths.'/api/v1/scheduling/tracks/{id}'.put.responses", hasKey("422"))
                .body("paths.'/api/v1/scheduling/staff'.get.parameters.find { it.name == 'role' }.schema.'$ref'",
                        equalTo("#/components/schemas/StaffRole"))
                .body("components.schemas.StaffMember.properties.roles.toString()", containsString("StaffRole"))
                .body("components.schemas.StaffRole.enum",
                        containsInAnyOrder("intake-coordinator", "clinician", "clinical-supervisor", "prescriber",
                                "nurse", "scheduler", "case-manager", "clinic-admin", "auditor"));
    }
}
