package care.iop.aftercare;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * The contract an integrator reads in the OpenAPI document: a creation answers 201 with a Location that reads what
 * was created (for the own clinic only), and enums travel as their kebab-case wire values only.
 */
@QuarkusTest
class ContractTest {

    private final AftercareClinic clinic = new AftercareClinic();

    /**
     * The Location of a 201, after checking its path (a path ending in / is followed by the created id) and that it
     * reads back for this clinic and is 404 for another.
     */
    private String location(Response created, String path) {
        String location = created.then().statusCode(201).extract().header("Location");
        assertThat(location).endsWith(BASE + path + (path.endsWith("/") ? created.path("id") : ""));
        clinic.caseManager.api().get(location).then().statusCode(200);
        new AftercareClinic().caseManager.api().get(location).then().statusCode(404);
        return location;
    }

    @Test
    void every_creation_answers_201_with_a_location_that_reads_what_was_created() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(30));
        String episode = clinic.episodeOf(patient);

        location(clinic.caseManager.api().body(Map.of("toLevel", "3.5", "onDate",
                        LocalDate.now().minusDays(40).toString(), "reasonCode", "residential-stay"))
                .post(BASE + "/episodes/" + episode + "/transitions"), "/episodes/" + episode);
        String plan = location(clinic.caseManager.api().body(Map.of("targetDate", LocalDate.now().toString(),
                        "stepDownLevel", "1", "matContinuity", "none"))
                .put(BASE + "/episodes/" + episode + "/discharge-plan"), "/episodes/" + episode + "/discharge-plan");
        clinic.caseManager.api().get(plan).then().body("matContinuity", equalTo("none"))
                .body("stepDownLevel", equalTo("1"));
        String etag = clinic.caseManager.api().get(plan).then().extract().header("ETag");
        // A revision is not a creation: 200, no Location.
        clinic.caseManager.api().header("If-Match", etag).body(Map.of("targetDate", LocalDate.now().toString(),
                        "stepDownLevel", "1", "matContinuity", "primary-care"))
                .put(BASE + "/episodes/" + episode + "/discharge-plan").then().statusCode(200)
                .header("Location", (String) null).body("matContinuity", equalTo("primary-care"));
        location(clinic.caseManager.api().body(Map.of("triggers", List.of("Payday"), "warningSigns", List.of("Isolating"),
                        "copingStrategies", List.of("Call my sponsor"), "crisisPlan", "Call 988."))
                .put(BASE + "/patients/" + patient + "/relapse-prevention-plan"),
                "/patients/" + patient + "/relapse-prevention-plan");
        location(clinic.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", LocalDate.now().toString(),
                        "summary", "Completed the program goals.", "timeZone", "America/Chicago"))
                .post(BASE + "/episodes/" + episode + "/discharge"), "/episodes/" + episode);
        String readmission = location(clinic.caseManager.api().body(Map.of("reasonCode", "relapse-reported"))
                .post(BASE + "/patients/" + patient + "/readmission-requests"), "/readmission-requests/");
        clinic.caseManager.api().get(readmission).then().body("patientId", equalTo(patient.toString()))
                .body("reasonCode", equalTo("relapse-reported"));
    }

    @Test
    void a_discharge_plan_is_404_until_one_is_written() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(5));
        clinic.caseManager.api().get(BASE + "/episodes/" + clinic.episodeOf(patient) + "/discharge-plan").then()
                .statusCode(404);
    }

    @Test
    void enums_are_read_by_their_wire_values_and_the_java_names_are_refused() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(40));
        String episode = clinic.episodeOf(patient);
        clinic.caseManager.api().body(Map.of("targetDate", LocalDate.now().toString(), "stepDownLevel", "1",
                        "matContinuity", "RECEIVING_PROVIDER"))
                .put(BASE + "/episodes/" + episode + "/discharge-plan").then().statusCode(400);
        clinic.caseManager.api().body(Map.of("toLevel", "LEVEL_3_5", "onDate", LocalDate.now().minusDays(50).toString(),
                "reasonCode", "residential-stay")).post(BASE + "/episodes/" + episode + "/transitions").then()
                .statusCode(400);
        clinic.caseManager.api().get(BASE + "/episodes/" + episode + "/discharge-plan").then().statusCode(404);
        clinic.caseManager.api().get(BASE + "/episodes/" + episode).then().body("status", equalTo("open"))
                .body("transitions", hasSize(1));

        clinic.discharge(patient, 1, LocalDate.now().minusDays(8));
        String followUp = clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups").then()
                .extract().path("find { it.kind == 'day-7' }.id");
        clinic.caseManager.api().body(Map.of("outcome", "REACHED", "recoveryStatus", "in-recovery"))
                .post(BASE + "/follow-ups/" + followUp + "/outcome").then().statusCode(400);
        clinic.caseManager.api().body(Map.of("outcome", "reached", "recoveryStatus", "IN_RECOVERY"))
                .post(BASE + "/follow-ups/" + followUp + "/outcome").then().statusCode(400);
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups").then()
                .body("find { it.id == '" + followUp + "' }.status", not(equalTo("completed")));
        clinic.caseManager.api().body(Map.of("outcome", "not-reached", "recoveryStatus", "in-recovery"))
                .post(BASE + "/follow-ups/" + followUp + "/outcome").then().statusCode(200)
                .body("status", equalTo("completed")).body("outcome", equalTo("not-reached"))
                .body("recoveryStatus", equalTo("in-recovery"));
        clinic.admin.api().queryParam("groupBy", "MONTH").get(BASE + "/outcomes").then().statusCode(400);
        clinic.admin.api().queryParam("groupBy", "month").get(BASE + "/outcomes").then().statusCode(200);
    }
}
