package care.iop.aftercare;

import care.iop.aftercare.followup.DueFollowUps;
import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.LevelOfCare;
import care.iop.events.Topics;
import care.iop.events.intake.PatientAdmitted;
import care.iop.testkit.EventCapture;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Admission opens an episode; planning and discharge close it and schedule the follow-ups in the clinic's zone. */
@QuarkusTest
class EpisodeAndDischargeTest {

    private final AftercareClinic clinic = new AftercareClinic();

    @Inject
    DueFollowUps dueFollowUps;

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    /**
     * Yesterday in Los Angeles, the clinic's zone in these tests: a discharge may not be dated in the future there,
     * and its follow-ups then fall due from six days ahead, so the service's own due check (which runs on the real
     * clock) has not announced any of them yet. Every date of these tests is relative to it, none fixed.
     */
    private static LocalDate yesterdayInLosAngeles() {
        return LocalDate.now(LOS_ANGELES).minusDays(1);
    }

    @Test
    void admission_opens_one_episode_and_discharge_closes_it_with_follow_ups_on_the_right_dates() {
        LocalDate dischargedOn = yesterdayInLosAngeles();
        LocalDate opened = dischargedOn.minusDays(50);
        LocalDate residential = opened.minusDays(30);
        UUID patient = UUID.randomUUID();
        CloudEvent admission = clinic.event("intake-service", new PatientAdmitted(UUID.randomUUID(), "IOP-1",
                LevelOfCare.LEVEL_2_1, opened, UUID.randomUUID()), patient);
        EventPublisher.send(admission, admission);
        clinic.admit(patient, opened, 2);
        // The redelivered event changed nothing; the second, different admission opened a second episode.
        String episode = clinic.caseManager.api().get(BASE + "/patients/" + patient + "/episodes").then()
                .body("[0].openedOn", equalTo(opened.toString())).body("[0].transitions[0].toLevel", equalTo("2.1"))
                .extract().path("[0].id");

        // The residential stay that came before IOP, entered afterwards: it takes its place in the history and the
        // current level stays the latest-dated one.
        clinic.caseManager.api().body(Map.of("toLevel", "3.5", "onDate", residential.toString(), "reasonCode",
                "residential-stay")).post(BASE + "/episodes/" + episode + "/transitions").then()
                .statusCode(201).body("transitions", hasSize(2)).body("transitions[0].toLevel", equalTo("3.5"))
                .body("transitions[0].fromLevel", equalTo(null)).body("transitions[1].toLevel", equalTo("2.1"))
                .body("currentLevel", equalTo("2.1"));
        clinic.caseManager.api().body(Map.of("toLevel", "1", "onDate", LocalDate.now().plusDays(3).toString(),
                "reasonCode", "x")).post(BASE + "/episodes/" + episode + "/transitions").then().statusCode(400);

        try (EventCapture events = EventCapture.from(Topics.AFTERCARE)) {
            var plan = Map.of("targetDate", dischargedOn.toString(), "stepDownLevel", "1", "receivingPartnerId",
                    UUID.randomUUID().toString(), "firstAppointmentAt", dischargedOn.plusDays(5) + "T15:00:00Z",
                    "matContinuity",
                    "receiving-provider", "supportGroups", List.of("SMART Recovery"), "alumniGroup", true);
            String etag = clinic.caseManager.api().body(plan).put(BASE + "/episodes/" + episode + "/discharge-plan")
                    .then().statusCode(201).extract().header("ETag");
            EventSchemas.assertValid(EventJson.write(events.await("care.iop.aftercare.discharge.planned.v1", patient)));
            clinic.caseManager.api().header("If-Match", "\"9\"").body(plan)
                    .put(BASE + "/episodes/" + episode + "/discharge-plan").then().statusCode(412);
            clinic.caseManager.api().header("If-Match", etag).body(plan)
                    .put(BASE + "/episodes/" + episode + "/discharge-plan").then().statusCode(200);

            var discharge = new java.util.HashMap<String, Object>(Map.of("reasonCode", 8, "dischargeDate",
                    dischargedOn.toString(),
                    "summary", "Met all goals; lives with sister.", "stepDownLevel", "1", "timeZone",
                    "America/Los_Angeles"));
            clinic.caseManager.api().body(discharge).post(BASE + "/episodes/" + episode + "/discharge").then()
                    .statusCode(400).body("violations[0].field", equalTo("reasonCode"));
            discharge.put("reasonCode", 1);
            discharge.put("dischargeDate", residential.toString());
            clinic.caseManager.api().body(discharge).post(BASE + "/episodes/" + episode + "/discharge").then()
                    .statusCode(400).body("violations[0].field", equalTo("dischargeDate"));
            clinic.clinician.api().body(discharge).post(BASE + "/episodes/" + episode + "/discharge").then()
                    .statusCode(403);
            discharge.put("dischargeDate", dischargedOn.toString());
            clinic.caseManager.api().body(discharge).post(BASE + "/episodes/" + episode + "/discharge").then()
                    .statusCode(201).body("status", equalTo("closed")).body("discharge.lengthOfStayDays", equalTo(50))
                    .body("currentLevel", equalTo("1"));
            CloudEvent discharged = events.await("care.iop.aftercare.patient.discharged.v1", patient);
            EventSchemas.assertValid(EventJson.write(discharged));
            assertThat(discharged.data().get("lengthOfStayDays").asInt()).isEqualTo(50);
            assertThat(discharged.data().get("reasonCode").asInt()).isEqualTo(1);
            assertThat(EventJson.write(discharged)).doesNotContain("sister");
        }
        clinic.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", dischargedOn.toString(), "summary", "again"))
                .post(BASE + "/episodes/" + episode + "/discharge").then().statusCode(409);

        List<Map<String, Object>> followUps = clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups")
                .then().statusCode(200).extract().path("$");
        assertThat(followUps).extracting(f -> f.get("kind") + "@" + f.get("dueDate")).containsExactlyInAnyOrder(
                "day-7@" + dischargedOn.plusDays(7), "iet-initiation-14@" + dischargedOn.plusDays(14),
                "day-30@" + dischargedOn.plusDays(30), "iet-engagement-34@" + dischargedOn.plusDays(34),
                "day-60@" + dischargedOn.plusDays(60), "day-90@" + dischargedOn.plusDays(90));
        assertThat(followUps).extracting(f -> f.get("timeZone")).containsOnly("America/Los_Angeles");
    }

    @Test
    void a_follow_up_becomes_due_when_its_date_begins_in_the_clinics_time_zone_and_is_announced_once() {
        LocalDate dischargedOn = yesterdayInLosAngeles();
        LocalDate daySeven = dischargedOn.plusDays(7);
        UUID patient = clinic.admitted(dischargedOn.minusDays(54));
        clinic.caseManager.api().body(Map.of("reasonCode", 2, "dischargeDate", dischargedOn.toString(), "summary",
                        "Stopped coming.",
                        "timeZone", "America/Los_Angeles"))
                .post(BASE + "/episodes/" + clinic.episodeOf(patient) + "/discharge").then().statusCode(201);
        // day-7 is due when its date begins in Los Angeles (08:00 or 07:00 UTC).
        Instant justBefore = daySeven.atStartOfDay(LOS_ANGELES).toInstant().minusSeconds(1);
        dueFollowUps.announce(justBefore);
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups").then()
                .body("find { it.kind == 'day-7' }.status", equalTo("scheduled"));
        try (EventCapture events = EventCapture.from(Topics.AFTERCARE)) {
            dueFollowUps.announce(justBefore.plusSeconds(1));
            CloudEvent due = events.await("care.iop.aftercare.follow-up.due.v1", patient);
            assertThat(due.data().get("kind").asText()).isEqualTo("day-7");
            assertThat(due.data().get("dueDate").asText()).isEqualTo(daySeven.toString());
            dueFollowUps.announce(justBefore.plusSeconds(60));
            events.assertNone(r -> r.key().equals(patient.toString()) && r.value().contains("follow-up.due")
                    && !r.value().contains(due.id()), java.time.Duration.ofSeconds(3));
        }
        clinic.caseManager.api().get(BASE + "/patients/" + patient + "/follow-ups").then()
                .body("find { it.kind == 'day-7' }.status", equalTo("due"))
                .body("find { it.kind == 'iet-initiation-14' }.status", equalTo("scheduled"));
        clinic.caseManager.api().get(BASE + "/worklist").then().statusCode(200)
                .body("followUps.findAll { it.patientId == '" + patient + "' }.kind", equalTo(List.of("day-7")));
    }

    @Test
    void other_clinics_see_nothing_and_bad_input_changes_nothing() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(10));
        String episode = clinic.episodeOf(patient);
        AftercareClinic other = new AftercareClinic();
        other.caseManager.api().get(BASE + "/patients/" + patient + "/episodes").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        other.caseManager.api().get(BASE + "/episodes/" + episode).then().statusCode(404);
        other.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", LocalDate.now().toString(),
                "summary", "x")).post(BASE + "/episodes/" + episode + "/discharge").then().statusCode(404);
        clinic.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", LocalDate.now().toString(),
                "summary", "x", "shoeSize", 44)).post(BASE + "/episodes/" + episode + "/discharge").then()
                .statusCode(400);
        clinic.caseManager.api().body(Map.of("reasonCode", 1, "dischargeDate", LocalDate.now().toString(),
                "summary", "x", "timeZone", "Mars/Olympus")).post(BASE + "/episodes/" + episode + "/discharge").then()
                .statusCode(400).body("violations[0].field", equalTo("timeZone"));
        clinic.caseManager.api().get(BASE + "/episodes/" + episode).then().body("status", equalTo("open"));
        clinic.person("auditor").api().get(BASE + "/episodes/" + episode).then().statusCode(403);
    }
}
