package care.iop.scheduling;

import care.iop.events.Topics;
import care.iop.testkit.EventCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Weekly series: materialised ahead, correct across daylight-saving changes, edited one or all-following. */
@QuarkusTest
class SeriesAndDstTest {

    private final Sched clinic = new Sched();

    private Map<String, Object> series(List<String> days, String startTime, int minutes, LocalDate first,
                                       LocalDate last) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "group-therapy");
        body.put("days", days);
        body.put("startTime", startTime);
        body.put("durationMinutes", minutes);
        body.put("timeZone", Sched.NEW_YORK.getId());
        body.put("firstDate", first.toString());
        if (last != null) {
            body.put("lastDate", last.toString());
        }
        body.put("modality", "in-person");
        body.put("roomId", clinic.room(12));
        body.put("facilitatorIds", List.of(clinic.facilitator()));
        return body;
    }

    /**
     * A Sunday New York falls back from daylight time (EDT, UTC-4) to standard time (EST, UTC-5) that a series around
     * it can be scheduled for today: the service takes dates from a year back and materialises a series only up to
     * its horizon (8 weeks), so a fixed date stops working a year after it. The latest one whose Monday before is
     * still within a year back, else (in the week a year after it) the next one, then at most three weeks ahead.
     */
    static LocalDate newYorkFallBackWithinReach() {
        java.time.zone.ZoneRules rules = Sched.NEW_YORK.getRules();
        LocalDate today = LocalDate.now(Sched.NEW_YORK);
        java.time.Instant at = java.time.Instant.now();
        java.time.zone.ZoneOffsetTransition previous = rules.previousTransition(at);
        while (!previous.isOverlap()) {
            previous = rules.previousTransition(previous.getInstant());
        }
        LocalDate sunday = previous.getDateTimeBefore().toLocalDate();
        if (!sunday.minusDays(6).isBefore(today.minusYears(1).plusDays(1))) {
            return sunday;
        }
        java.time.zone.ZoneOffsetTransition next = rules.nextTransition(at);
        while (!next.isOverlap()) {
            next = rules.nextTransition(next.getInstant());
        }
        return next.getDateTimeBefore().toLocalDate();
    }

    @Test
    void a_series_across_the_end_of_daylight_saving_keeps_its_local_time_and_shifts_its_instant() {
        LocalDate fallBack = newYorkFallBackWithinReach();
        assertThat(fallBack.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(fallBack.plusDays(5)).as("within the series horizon").isBefore(LocalDate.now(Sched.NEW_YORK)
                .plusWeeks(8));
        LocalDate monday = fallBack.minusDays(6);
        List<LocalDate> dates = List.of(monday, monday.plusDays(2), monday.plusDays(4), monday.plusDays(7),
                monday.plusDays(9), monday.plusDays(11));
        var body = series(List.of("monday", "wednesday", "friday"), "09:00", 180, monday, monday.plusDays(11));
        JsonPath created = clinic.asScheduler().body(body).post(BASE + "/series").then().statusCode(201)
                .body("sessions", hasSize(6)).extract().jsonPath();
        // 09:00 EDT is 13:00Z in the week before, 09:00 EST is 14:00Z in the week after.
        assertThat(created.getList("sessions.startsAt", String.class)).containsExactly(
                dates.get(0) + "T13:00:00Z", dates.get(1) + "T13:00:00Z", dates.get(2) + "T13:00:00Z",
                dates.get(3) + "T14:00:00Z", dates.get(4) + "T14:00:00Z", dates.get(5) + "T14:00:00Z");
        assertThat(created.getList("sessions.localStart", String.class)).containsExactly(
                dates.get(0) + "T09:00:00-04:00", dates.get(1) + "T09:00:00-04:00", dates.get(2) + "T09:00:00-04:00",
                dates.get(3) + "T09:00:00-05:00", dates.get(4) + "T09:00:00-05:00", dates.get(5) + "T09:00:00-05:00");
        assertThat(created.getList("sessions.durationMinutes", Integer.class)).containsOnly(180);

        // The same facilitator in Berlin at 17:30, which has already fallen back (the last Sunday of October is the
        // Sunday before New York's first Sunday of November): 16:30Z both weeks. Clear of 09:00 New York in daylight
        // time (13:00-16:00Z), but inside it once New York has fallen back (14:00-17:00Z).
        String facilitator = ((List<?>) body.get("facilitatorIds")).get(0).toString();
        var berlin = clinic.session("individual-therapy", dates.get(1), "17:30", 50);
        berlin.put("timeZone", "Europe/Berlin");
        berlin.put("facilitatorIds", List.of(facilitator));
        clinic.createSession(berlin);
        berlin.put("date", dates.get(4).toString());
        berlin.put("roomId", clinic.room(2));
        clinic.asScheduler().body(berlin).post(BASE + "/sessions").then().statusCode(409)
                .body("conflictingSessionId", equalTo(created.getString("sessions[4].id")));
    }

    @Test
    void a_series_is_materialised_ahead_and_refused_whole_when_any_date_clashes() {
        LocalDate monday = Sched.nextWeekday(DayOfWeek.MONDAY, 0);
        var body = series(List.of("monday", "thursday"), "18:00", 120, monday, null);
        JsonPath created = clinic.asScheduler().body(body).post(BASE + "/series").then().statusCode(201).extract()
                .jsonPath();
        int count = created.getList("sessions").size();
        assertThat(count).isBetween(15, 17);
        assertThat(LocalDate.parse(created.getString("materializedUntil"))).isAfter(monday.plusWeeks(7));

        var clash = series(List.of("thursday"), "19:00", 60, monday.plusWeeks(3), monday.plusWeeks(5));
        clash.put("roomId", body.get("roomId"));
        String blocking = created.getString("sessions.find { it.localDate == '" + monday.plusWeeks(3).plusDays(3)
                + "' }.id");
        clinic.asScheduler().body(clash).post(BASE + "/series").then().statusCode(409)
                .body("conflictingSessionId", equalTo(blocking));
        clinic.asScheduler().queryParam("from", monday.plusWeeks(3).toString())
                .queryParam("to", monday.plusWeeks(5).toString()).get(BASE + "/sessions").then()
                .body("items", hasSize(5)).body("items.durationMinutes", org.hamcrest.Matchers.everyItem(equalTo(120)));
    }

    @Test
    void series_edits_change_this_session_or_this_and_following_and_bookings_move_with_them() {
        LocalDate monday = Sched.nextWeekday(DayOfWeek.MONDAY, 1);
        var body = series(List.of("monday"), "18:00", 120, monday, monday.plusWeeks(5));
        List<String> ids = clinic.asScheduler().body(body).post(BASE + "/series").then().statusCode(201).extract()
                .jsonPath().getList("sessions.id", String.class);
        assertThat(ids).hasSize(6);
        String patient = clinic.enrolledPatient();
        ids.forEach(id -> clinic.book(id, patient));

        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            // This one only: it is detached and keeps its own time from then on.
            clinic.asScheduler().body(Map.of("scope", "this", "startTime", "19:00", "reasonCode", "room-cleaning"))
                    .post(BASE + "/sessions/" + ids.get(1) + "/reschedule").then().statusCode(200)
                    .body("changed", hasSize(1)).body("changed[0].detached", equalTo(true))
                    .body("changed[0].localStart", equalTo(monday.plusWeeks(1) + "T19:00:00-05:00"));
            events.await("care.iop.scheduling.session.scheduled.v1", ids.get(1));

            // This and following, from the first: every non-detached session moves to 17:00.
            clinic.asScheduler().body(Map.of("scope", "following", "startTime", "17:00", "reasonCode", "new-timetable"))
                    .post(BASE + "/sessions/" + ids.get(0) + "/reschedule").then().statusCode(200)
                    .body("changed", hasSize(5));
        }
        clinic.asScheduler().get(BASE + "/sessions/" + ids.get(1)).then().body("localStart",
                equalTo(monday.plusWeeks(1) + "T19:00:00-05:00"));
        clinic.asScheduler().get(BASE + "/sessions/" + ids.get(2)).then().body("localStart",
                equalTo(monday.plusWeeks(2) + "T17:00:00-05:00"));
        clinic.asScheduler().queryParam("date", monday.plusWeeks(2).toString())
                .get(BASE + "/patients/" + patient + "/week").then().statusCode(200)
                .body("sessions[0].session.localStart", equalTo(monday.plusWeeks(2) + "T17:00:00-05:00"))
                .body("sessions[0].bookingStatus", equalTo("booked"));

        // A clash anywhere in the following sessions refuses the whole change.
        String facilitator = ((List<?>) body.get("facilitatorIds")).get(0).toString();
        var busy = clinic.session("individual-therapy", monday.plusWeeks(4), "15:30", 60);
        busy.put("facilitatorIds", List.of(facilitator));
        String blocking = clinic.createSession(busy);
        clinic.asScheduler().body(Map.of("scope", "following", "startTime", "16:00", "reasonCode", "new-timetable"))
                .post(BASE + "/sessions/" + ids.get(2) + "/reschedule").then().statusCode(409)
                .body("conflictingSessionId", equalTo(blocking));
        clinic.asScheduler().get(BASE + "/sessions/" + ids.get(2)).then().body("localStart",
                equalTo(monday.plusWeeks(2) + "T17:00:00-05:00"));

        // Moving one session onto a time the patient is booked elsewhere is refused too.
        var individual = clinic.session("individual-therapy", monday.plusWeeks(3), "20:00", 50);
        String elsewhere = clinic.createSession(individual);
        clinic.book(elsewhere, patient);
        clinic.asScheduler().body(Map.of("startTime", "19:30", "reasonCode", "therapist-request"))
                .post(BASE + "/sessions/" + ids.get(3) + "/reschedule").then().statusCode(409)
                .body("conflictingSessionId", equalTo(elsewhere));

        // A stale If-Match is refused.
        clinic.asScheduler().header("If-Match", "\"0\"").body(Map.of("startTime", "16:00", "reasonCode", "x"))
                .post(BASE + "/sessions/" + ids.get(3) + "/reschedule").then().statusCode(412);

        // Cancel this and following: the series ends the day before, bookings are released, events say so.
        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            clinic.asScheduler().body(Map.of("scope", "following", "reasonCode", "program-change"))
                    .post(BASE + "/sessions/" + ids.get(4) + "/cancel").then().statusCode(200)
                    .body("changed", hasSize(2)).body("changed.status", equalTo(List.of("cancelled", "cancelled")))
                    .body("changed.booked", equalTo(List.of(0, 0)));
            var cancelled = events.await("care.iop.scheduling.session.cancelled.v1", ids.get(5));
            assertThat(cancelled.data().get("affectedBookings").asInt()).isEqualTo(1);
            assertThat(cancelled.data().get("reasonCode").asText()).isEqualTo("program-change");
        }
        clinic.asScheduler().get(BASE + "/series/" + clinic.asScheduler().get(BASE + "/sessions/" + ids.get(0))
                .then().extract().path("seriesId")).then().statusCode(200)
                .body("lastDate", equalTo(monday.plusWeeks(4).minusDays(1).toString()));
        clinic.asScheduler().body(Map.of("reasonCode", "again")).post(BASE + "/sessions/" + ids.get(4) + "/cancel")
                .then().statusCode(409);
    }
}
