package care.iop.scheduling;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import care.iop.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Attendance, the weekly hours against the track target, the streak of unexcused absences and the worklist. */
@QuarkusTest
class AttendanceComplianceTest {

    private final Sched clinic = new Sched();
    private final LocalDate today = LocalDate.now(Sched.NEW_YORK);
    private final LocalDate thisMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    private String trackId;
    private String patient;

    /** A patient enrolled in a fresh track (9 hours a week) since a month ago. */
    private void enrolled() {
        enrolled(Sched.NEW_YORK);
    }

    /** The same, with the track (and so its sessions) in {@code zone}. */
    private void enrolled(ZoneId zone) {
        var track = clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday", "wednesday", "friday"), "09:00", 180);
        track.put("timeZone", zone.getId());
        trackId = clinic.createTrack(track);
        patient = UUID.randomUUID().toString();
        clinic.enroll(patient, trackId, LocalDate.now(zone).minusWeeks(4));
    }

    /**
     * A time zone where it is now at least an hour from midnight, so that "a session that started 20 minutes ago,
     * recorded now" is on one local day whatever the time the test runs (New York, London and Tokyo are never all
     * within an hour of midnight at once).
     */
    static ZoneId zoneAwayFromMidnight() {
        for (String id : List.of("America/New_York", "Europe/London", "Asia/Tokyo")) {
            LocalTime local = LocalTime.now(ZoneId.of(id));
            if (local.isAfter(LocalTime.of(1, 0)) && local.isBefore(LocalTime.of(23, 0))) {
                return ZoneId.of(id);
            }
        }
        throw new AssertionError("New York, London and Tokyo are all near midnight");
    }

    /** A group session of the track: the enrolled patient is booked into it automatically. */
    private String trackSession(LocalDate date, String start, int minutes) {
        var body = clinic.session("group-therapy", date, start, minutes);
        body.put("trackId", trackId);
        body.remove("timeZone");
        return clinic.createSession(body);
    }

    private String bookingOf(String session) {
        return clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().extract()
                .path("participants.find { it.patientId == '" + patient + "' }.id");
    }

    private void attend(String session, String attendance, Integer minutes) {
        var body = new java.util.HashMap<String, Object>(Map.of("attendance", attendance));
        if (minutes != null) {
            body.put("minutesAttended", minutes);
        }
        as(clinic.clinician).body(body).put(BASE + "/bookings/" + bookingOf(session) + "/attendance").then()
                .statusCode(200);
    }

    private io.restassured.response.ValidatableResponse week(LocalDate monday) {
        return clinic.asScheduler().queryParam("from", monday.toString()).queryParam("to", monday.toString())
                .get(BASE + "/patients/" + patient + "/compliance").then().statusCode(200);
    }

    @Test
    void eight_point_nine_hours_attended_is_non_compliant_and_nine_is_compliant() {
        enrolled();
        LocalDate lastMonday = thisMonday.minusWeeks(1);
        String mon = trackSession(lastMonday, "09:00", 180);
        String wed = trackSession(lastMonday.plusDays(2), "09:00", 180);
        String fri = trackSession(lastMonday.plusDays(4), "09:00", 180);
        week(lastMonday).body("[0].status", equalTo("non-compliant")).body("[0].scheduledHours", equalTo(9.0f))
                .body("[0].attendedHours", equalTo(0.0f));

        attend(mon, "present", null);
        attend(wed, "present", null);
        attend(fri, "left-early", 174);
        week(lastMonday).body("[0].status", equalTo("non-compliant")).body("[0].attendedHours", equalTo(8.9f));

        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            attend(fri, "present", null);
            CloudEvent changed = events.await("care.iop.scheduling.attendance.compliance-changed.v1", patient);
            EventSchemas.assertValid(EventJson.write(changed));
            assertThat(changed.data().get("previousStatus").asText()).isEqualTo("non-compliant");
            assertThat(changed.data().get("status").asText()).isEqualTo("compliant");
            assertThat(changed.data().get("attendedHours").decimalValue()).isEqualByComparingTo("9.00");
            assertThat(changed.data().get("weekStart").asText()).isEqualTo(lastMonday.toString());
        }
        week(lastMonday).body("[0].status", equalTo("compliant")).body("[0].attendedHours", equalTo(9.0f));
    }

    @Test
    void eight_point_nine_hours_scheduled_is_at_risk_and_nine_is_compliant() {
        enrolled();
        LocalDate nextMonday = thisMonday.plusWeeks(1);
        trackSession(nextMonday, "09:00", 180);
        trackSession(nextMonday.plusDays(2), "09:00", 180);
        trackSession(nextMonday.plusDays(4), "09:00", 174);
        week(nextMonday).body("[0].status", equalTo("at-risk")).body("[0].scheduledHours", equalTo(8.9f))
                .body("[0].targetHours", equalTo(9.0f));

        LocalDate mondayAfter = thisMonday.plusWeeks(2);
        trackSession(mondayAfter, "09:00", 180);
        trackSession(mondayAfter.plusDays(2), "09:00", 180);
        trackSession(mondayAfter.plusDays(4), "09:00", 180);
        week(mondayAfter).body("[0].status", equalTo("compliant")).body("[0].scheduledHours", equalTo(9.0f));
    }

    @Test
    void two_unexcused_absences_in_a_row_put_the_patient_on_the_worklist_until_they_attend() {
        enrolled();
        LocalDate base = thisMonday.minusWeeks(2);
        String s1 = trackSession(base, "09:00", 60);
        String s2 = trackSession(base.plusDays(1), "09:00", 60);
        String s3 = trackSession(base.plusDays(2), "09:00", 60);
        String s4 = trackSession(base.plusDays(3), "09:00", 60);
        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            attend(s1, "absent-unexcused", null);
            attend(s2, "absent-excused", null);
            attend(s3, "absent-unexcused", null);
            var missed = events.awaitCount(r -> r.key().equals(patient) && r.value().contains("session.missed"), 3,
                    Duration.ofSeconds(20));
            CloudEvent last = EventJson.parse(missed.get(2).value());
            assertThat(last.data().get("sessionId").asText()).isEqualTo(s3);
            assertThat(last.data().get("consecutiveUnexcused").asInt()).isEqualTo(2);
            assertThat(EventJson.parse(missed.get(1).value()).data().get("excused").asBoolean()).isTrue();
        }
        clinic.asScheduler().get(BASE + "/worklist").then().statusCode(200)
                .body("find { it.patientId == '" + patient + "' }.reasons", hasItem("consecutive-unexcused-absences"))
                .body("find { it.patientId == '" + patient + "' }.consecutiveUnexcusedAbsences", equalTo(2));
        new Sched().asScheduler().get(BASE + "/worklist").then().body("patientId", not(hasItem(patient)));

        clinic.asScheduler().get(BASE + "/bookings/" + bookingOf(s1)).then().body("lateEntry", equalTo(true))
                .body("status", equalTo("noshow"));
        attend(s4, "present", null);
        clinic.asScheduler().get(BASE + "/worklist").then()
                .body("find { it.patientId == '" + patient + "' }.reasons", not(hasItem("consecutive-unexcused-absences")));
    }

    @Test
    void attendance_is_recorded_only_for_sessions_that_started_and_is_not_a_late_entry_on_the_day() {
        ZoneId zone = zoneAwayFromMidnight();
        enrolled(zone);
        LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
        String started = trackSession(now.toLocalDate(), now.minusMinutes(20).toLocalTime().toString(), 60);
        String future = trackSession(now.toLocalDate().plusDays(3), "09:00", 60);
        as(clinic.clinician).body(Map.of("attendance", "present")).put(BASE + "/bookings/" + bookingOf(future)
                + "/attendance").then().statusCode(409).body("conflictingSessionId", equalTo(future));
        attend(started, "late", 40);
        clinic.asScheduler().get(BASE + "/bookings/" + bookingOf(started)).then().body("lateEntry", equalTo(false))
                .body("minutesAttended", equalTo(40)).body("status", equalTo("fulfilled"));
        as(TestTokens.staff(clinic.clinic, "nurse").bearer()).body(Map.of("attendance", "present"))
                .put(BASE + "/bookings/" + bookingOf(started) + "/attendance").then().statusCode(403);
    }

    @Test
    void a_roster_is_recorded_all_or_nothing() {
        enrolled();
        String session = trackSession(thisMonday.minusWeeks(1).plusDays(1), "09:00", 180);
        String other = clinic.enrolledPatient();
        clinic.book(session, other);
        String stranger = UUID.randomUUID().toString();

        as(clinic.clinician).body(Map.of("entries", List.of(Map.of("patientId", patient, "attendance", "present"),
                        Map.of("patientId", stranger, "attendance", "present"))))
                .post(BASE + "/sessions/" + session + "/attendance").then().statusCode(400)
                .body("violations[0].field", equalTo("entries[1].patientId"));
        as(clinic.clinician).body(Map.of("entries", List.of(Map.of("patientId", patient, "attendance", "present"),
                        Map.of("patientId", other, "attendance", "left-early"))))
                .post(BASE + "/sessions/" + session + "/attendance").then().statusCode(400)
                .body("violations[0].field", equalTo("entries[1].minutesAttended"));
        clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then()
                .body("participants.attendance", equalTo(java.util.Arrays.asList(null, null)));

        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            as(clinic.clinician).body(Map.of("entries", List.of(Map.of("patientId", patient, "attendance", "present"),
                            Map.of("patientId", other, "attendance", "late", "minutesAttended", 150))))
                    .post(BASE + "/sessions/" + session + "/attendance").then().statusCode(200)
                    .body("participants.find { it.patientId == '" + other + "' }.minutesAttended", equalTo(150))
                    .body("session.status", equalTo("fulfilled"));
            CloudEvent attended = events.await("care.iop.scheduling.session.attended.v1", other);
            EventSchemas.assertValid(EventJson.write(attended));
            assertThat(attended.data().get("minutesAttended").asInt()).isEqualTo(150);
            assertThat(attended.data().get("status").asText()).isEqualTo("late");
            assertThat(attended.data().get("kind").asText()).isEqualTo("group-therapy");
        }
        clinic.asScheduler().get(BASE + "/bookings/" + bookingOf(session)).then().body("attendance", equalTo("present"))
                .body("statusReason", nullValue());
    }
}
