package care.iop.scheduling;

import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** A patient's week and calendar feed, a facilitator's and a room's day, and who may see them. */
@QuarkusTest
class ScheduleViewsTest {

    private final Sched clinic = new Sched();
    private final LocalDate tuesday = Sched.nextWeekday(DayOfWeek.TUESDAY, 1);

    @Test
    void a_patients_week_and_ics_feed_show_their_sessions_in_the_clinic_time_zone() {
        String patient = clinic.enrolledPatient();
        var group = clinic.session("group-therapy", tuesday, "17:30", 180);
        String groupId = clinic.createSession(group);
        var family = clinic.session("family-therapy", tuesday.plusDays(2), "12:00", 60);
        family.put("modality", "telehealth");
        family.remove("roomId");
        family.put("joinUrl", "https://meet.example.org/iop/family,room;1");
        String familyId = clinic.createSession(family);
        clinic.book(groupId, patient);
        String familyBooking = clinic.book(familyId, patient);

        clinic.asScheduler().queryParam("date", tuesday.plusDays(3).toString())
                .get(BASE + "/patients/" + patient + "/week").then().statusCode(200)
                .body("weekStart", equalTo(tuesday.minusDays(1).toString()))
                .body("sessions", hasSize(2))
                .body("sessions[0].session.localStart", equalTo(tuesday + "T17:30:00-05:00"))
                .body("sessions[1].session.kind", equalTo("family-therapy"))
                .body("compliance.status", equalTo("at-risk"))
                .body("compliance.scheduledHours", equalTo(4.0f));

        clinic.asScheduler().body(Map.of("reasonCode", "family-unavailable"))
                .post(BASE + "/bookings/" + familyBooking + "/cancel").then().statusCode(200);
        String ics = clinic.asScheduler().get(BASE + "/patients/" + patient + "/schedule.ics").then().statusCode(200)
                .contentType(startsWith("text/calendar")).extract().asString();
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.split("BEGIN:VEVENT", -1)).hasSize(3);
        assertThat(ics).contains("SUMMARY:Group therapy").contains("SUMMARY:Family therapy")
                .contains("DTSTART:" + tuesday.toString().replace("-", "") + "T223000Z")
                .contains("STATUS:CANCELLED").contains("LOCATION:Telehealth");
        assertThat(ics.replaceAll("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void facilitator_and_room_days_list_only_their_sessions() {
        var first = clinic.session("group-therapy", tuesday, "09:00", 120);
        String firstId = clinic.createSession(first);
        var second = clinic.session("skills-group", tuesday, "13:00", 90);
        second.put("facilitatorIds", first.get("facilitatorIds"));
        String secondId = clinic.createSession(second);
        String facilitator = ((List<?>) first.get("facilitatorIds")).get(0).toString();
        clinic.asScheduler().queryParam("date", tuesday.toString()).get(BASE + "/facilitators/" + facilitator + "/day")
                .then().statusCode(200).body("sessions.id", equalTo(List.of(firstId, secondId)));
        clinic.asScheduler().queryParam("date", tuesday.toString()).get(BASE + "/rooms/" + second.get("roomId") + "/day")
                .then().statusCode(200).body("sessions.id", equalTo(List.of(secondId)));
        clinic.asScheduler().queryParam("date", tuesday.plusDays(1).toString())
                .get(BASE + "/facilitators/" + facilitator + "/day").then().body("sessions", hasSize(0));
        new Sched().asScheduler().queryParam("date", tuesday.toString())
                .get(BASE + "/facilitators/" + facilitator + "/day").then().body("sessions", hasSize(0));
        new Sched().asScheduler().get(BASE + "/rooms/" + second.get("roomId") + "/day").then().statusCode(404);
    }

    @Test
    void patient_views_are_clinic_scoped_and_audited() {
        String patient = clinic.enrolledPatient();
        Sched other = new Sched();
        other.asScheduler().get(BASE + "/patients/" + patient + "/week").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        other.asScheduler().get(BASE + "/patients/" + patient + "/schedule.ics").then().statusCode(404);
        other.asScheduler().get(BASE + "/patients/" + patient + "/compliance").then().statusCode(404);
        as(TestTokens.staff(clinic.clinic, "auditor").bearer()).get(BASE + "/patients/" + patient + "/week").then()
                .statusCode(403);

        clinic.asScheduler().header("X-Request-Id", "views-audit-1").get(BASE + "/patients/" + patient + "/week")
                .then().statusCode(200);
        as(TestTokens.staff(clinic.clinic, "auditor").bearer()).queryParam("patientId", patient)
                .get(BASE + "/audit-records").then().statusCode(200)
                .body("items.resourceType", hasItem("PatientSchedule"))
                .body("items.resourceType", hasItem("Enrollment"))
                .body("items.find { it.requestId == 'views-audit-1' }.action", equalTo("read"));
    }
}
