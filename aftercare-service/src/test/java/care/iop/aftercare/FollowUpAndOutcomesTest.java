package care.iop.aftercare;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Follow-up outcomes, readmission requests for intake, the relapse-prevention plan and program outcomes. */
@QuarkusTest
class FollowUpAndOutcomesTest {

    private final AftercareClinic clinic = new AftercareClinic();

    private String followUp(UUID patient, String kind) {
        return clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups").then().extract()
                .path("find { it.kind == '" + kind + "' }.id");
    }

    private void complete(UUID patient, String kind, Map<String, Object> body) {
        clinic.caseManager.api().body(body).post(BASE + "/follow-ups/" + followUp(patient, kind) + "/outcome").then()
                .statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void a_follow_up_that_finds_relapse_asks_intake_to_readmit_and_counts_towards_risk() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(40));
        clinic.discharge(patient, 2, LocalDate.now().minusDays(8));
        String id = followUp(patient, "day-7");
        clinic.caseManager.api().body(Map.of("outcome", "not-reached", "recoveryStatus", "unknown", "phq9Total", 12))
                .post(BASE + "/follow-ups/" + id + "/outcome").then().statusCode(400)
                .body("violations[0].field", equalTo("phq9Total"));
        clinic.caseManager.api().body(Map.of("outcome", "reached", "recoveryStatus", "using", "ietInitiated", true))
                .post(BASE + "/follow-ups/" + id + "/outcome").then().statusCode(400);
        try (EventCapture events = EventCapture.from(Topics.AFTERCARE)) {
            clinic.caseManager.api().body(Map.of("outcome", "reached", "recoveryStatus", "using", "phq9Total", 14,
                            "requestReadmission", Map.of("reasonCode", "relapse-reported", "requestedLevel", "2.1")))
                    .post(BASE + "/follow-ups/" + id + "/outcome").then().statusCode(200)
                    .body("recoveryStatus", equalTo("using"));
            CloudEvent completed = events.await("care.iop.aftercare.follow-up.completed.v1", patient);
            EventSchemas.assertValid(EventJson.write(completed));
            assertThat(completed.data().get("phq9Total").asInt()).isEqualTo(14);
            // On the topic intake consumes: intake turns it into a referral (tested in intake-service).
            CloudEvent readmission = events.await("care.iop.aftercare.readmission.requested.v1", patient);
            EventSchemas.assertValid(EventJson.write(readmission));
            assertThat(readmission.data().get("followUpId").asText()).isEqualTo(id);
            assertThat(readmission.data().get("reasonCode").asText()).isEqualTo("relapse-reported");
        }
        clinic.caseManager.api().body(Map.of("outcome", "reached", "recoveryStatus", "in-recovery"))
                .post(BASE + "/follow-ups/" + id + "/outcome").then().statusCode(409);
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-risk").then()
                .body("factors.code", equalTo(List.of("follow-up-using")));
        clinic.clinician.api().body(Map.of("reasonCode", "x")).post(BASE + "/patients/" + patient
                + "/readmission-requests").then().statusCode(403);
        UUID inCare = clinic.admitted(LocalDate.now().minusDays(3));
        clinic.caseManager.api().body(Map.of("reasonCode", "relapse-reported")).post(BASE + "/patients/" + inCare
                + "/readmission-requests").then().statusCode(409);
    }

    @Test
    void program_outcomes_match_a_fixed_data_set_counted_by_hand() {
        LocalDate base = LocalDate.now().minusDays(120);
        UUID p1 = clinic.admitted(base);
        UUID p2 = clinic.admitted(base.plusDays(10));
        UUID p3 = clinic.admitted(base.plusDays(20));
        UUID p4 = clinic.admitted(base.plusDays(30));
        // Lengths of stay 30, 40, 20, 10 days; reasons completed, completed, dropped out, terminated.
        clinic.discharge(p1, 1, base.plusDays(30));
        clinic.discharge(p2, 1, base.plusDays(50));
        clinic.discharge(p3, 2, base.plusDays(40));
        clinic.discharge(p4, 3, base.plusDays(40));
        complete(p1, "iet-initiation-14", Map.of("outcome", "reached", "recoveryStatus", "in-recovery",
                "ietInitiated", true));
        complete(p2, "iet-initiation-14", Map.of("outcome", "reached", "recoveryStatus", "in-recovery",
                "ietInitiated", false));
        complete(p1, "iet-engagement-34", Map.of("outcome", "reached", "recoveryStatus", "in-recovery",
                "ietEngagementVisits", 3));
        complete(p2, "iet-engagement-34", Map.of("outcome", "reached", "recoveryStatus", "in-recovery",
                "ietEngagementVisits", 1));
        complete(p1, "day-7", Map.of("outcome", "reached", "recoveryStatus", "in-recovery"));
        complete(p2, "day-7", Map.of("outcome", "declined", "recoveryStatus", "unknown"));
        complete(p3, "day-7", Map.of("outcome", "not-reached", "recoveryStatus", "unknown"));
        // p3 comes back.
        clinic.admit(p3, base.plusDays(60), 2);
        // Everyone else's data is another clinic's and must not count.
        AftercareClinic other = new AftercareClinic();
        other.discharge(other.admitted(base), 1, base.plusDays(5));

        clinic.admin.api().queryParam("from", base.toString()).queryParam("to", base.plusDays(55).toString())
                .get(BASE + "/outcomes").then().statusCode(200)
                .body("[0].discharges", equalTo(4))
                .body("[0].completion.rate", equalTo(0.5f)).body("[0].completion.numerator", equalTo(2))
                .body("[0].dropOut.rate", equalTo(0.25f))
                .body("[0].averageLengthOfStayDays", equalTo(25.0f))
                .body("[0].ietInitiation.rate", equalTo(0.25f))
                .body("[0].ietEngagement.rate", equalTo(0.25f))
                .body("[0].followUpReach.numerator", equalTo(5)).body("[0].followUpReach.denominator", equalTo(7))
                .body("[0].readmitted.rate", equalTo(0.25f))
                .body("[0].flagged.numerator", equalTo(0));
        clinic.admin.api().queryParam("from", base.toString()).queryParam("to", base.plusDays(55).toString())
                .queryParam("groupBy", "month").get(BASE + "/outcomes").then().statusCode(200)
                .body("discharges.sum()", equalTo(4));
        clinic.admin.api().queryParam("groupBy", "week").get(BASE + "/outcomes").then().statusCode(400);
        clinic.admin.api().queryParam("from", "yesterday").get(BASE + "/outcomes").then().statusCode(400)
                .body("violations[0].field", equalTo("from"));
        clinic.clinician.api().get(BASE + "/outcomes").then().statusCode(403);
    }

    @Test
    void the_relapse_prevention_plan_is_versioned_and_printable_with_everything_escaped() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(30));
        Map<String, Object> plan = new HashMap<>(Map.of(
                "triggers", List.of("Payday Fridays", "Arguments with <my brother>"),
                "warningSigns", List.of("Skipping meals"), "copingStrategies", List.of("Call my sponsor", "Walk"),
                "peopleToCall", List.of(Map.of("name", "Sam", "relationship", "sponsor", "phone", "+1 555 0142")),
                "crisisPlan", "Go to my sister's; call 988.",
                "accountabilityPartners", List.of(Map.of("name", "Alex"))));
        clinic.clinician.api().body(plan).put(BASE + "/patients/" + patient + "/relapse-prevention-plan").then()
                .statusCode(403);
        String etag = clinic.caseManager.api().body(plan).put(BASE + "/patients/" + patient + "/relapse-prevention-plan")
                .then().statusCode(201).body("version", equalTo(1)).extract().header("ETag");
        plan.put("warningSigns", List.of("Skipping meals", "Isolating"));
        clinic.caseManager.api().body(plan).put(BASE + "/patients/" + patient + "/relapse-prevention-plan").then()
                .statusCode(428);
        clinic.caseManager.api().header("If-Match", "\"7\"").body(plan)
                .put(BASE + "/patients/" + patient + "/relapse-prevention-plan").then().statusCode(412);
        clinic.caseManager.api().header("If-Match", etag).body(plan)
                .put(BASE + "/patients/" + patient + "/relapse-prevention-plan").then().statusCode(200)
                .body("version", equalTo(2));
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-prevention-plan/versions").then()
                .body("version", equalTo(List.of(1, 2))).body("[0].content.warningSigns", hasSize(1));
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/relapse-prevention-plan/print").then()
                .statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("Arguments with &lt;my brother&gt;")).body(not(containsString("<my brother>")))
                .body(containsString("Isolating")).body(containsString("988"));
        plan.put("triggers", List.of());
        clinic.caseManager.api().header("If-Match", "\"2\"").body(plan)
                .put(BASE + "/patients/" + patient + "/relapse-prevention-plan").then().statusCode(400);
        new AftercareClinic().caseManager.api().get(BASE + "/patients/" + patient + "/relapse-prevention-plan").then()
                .statusCode(404).body("detail", not(nullValue()));
    }
}
