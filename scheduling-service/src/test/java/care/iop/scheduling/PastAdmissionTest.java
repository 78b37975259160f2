package care.iop.scheduling;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.PatientAdmitted;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue #19: an admission entered after the admission date books the track's group sessions from that date on, those
 * already held included, so staff can record the attendance of the days already attended; nothing before the
 * admission date, no cancelled session, no waitlist for a session already held. The enrollment says what it booked.
 */
@QuarkusTest
class PastAdmissionTest {

    private final Sched clinic = new Sched();
    private final LocalDate today = LocalDate.now(Sched.NEW_YORK);

    private String groupSession(String trackId, LocalDate date, Integer capacity) {
        Map<String, Object> session = clinic.session("group-therapy", date, "10:00", 120);
        session.put("trackId", trackId);
        if (capacity != null) {
            session.put("capacity", capacity);
        }
        return clinic.createSession(session);
    }

    private List<String> participants(String session, String status) {
        return clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().statusCode(200).extract()
                .jsonPath().getList("participants.findAll { it.status == '" + status + "' }.patientId", String.class);
    }

    @Test
    void an_admission_dated_three_days_ago_books_the_sessions_held_since_then_and_says_so() {
        String code = "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String trackId = clinic.createTrack(clinic.track(code, List.of("monday", "wednesday", "friday"), "10:00", 120));
        LocalDate admissionDate = today.minusDays(3);
        String dayBefore = groupSession(trackId, admissionDate.minusDays(1), null);
        String admissionDay = groupSession(trackId, admissionDate, null);
        String fullHeld = groupSession(trackId, admissionDate.plusDays(1), 1);
        String yesterday = groupSession(trackId, today.minusDays(1), null);
        String upcoming = groupSession(trackId, today.plusDays(2), null);
        String cancelled = groupSession(trackId, today.plusDays(3), null);
        String fullUpcoming = groupSession(trackId, today.plusDays(4), 1);
        String other = clinic.enrolledPatient();
        clinic.book(fullHeld, other);
        clinic.book(fullUpcoming, other);
        clinic.asScheduler().body(Map.of("reasonCode", "facilitator-ill")).post(BASE + "/sessions/" + cancelled
                + "/cancel").then().statusCode(200);

        UUID patient = UUID.randomUUID();
        EventPublisher.send(EventPublisher.event("intake-service", new PatientAdmitted(UUID.randomUUID(), code,
                LevelOfCare.LEVEL_2_1, admissionDate, UUID.randomUUID()), patient, clinic.clinic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.asScheduler()
                .queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then().statusCode(200)
                .body("items.status", equalTo(List.of("active"))));

        JsonPath enrollment = clinic.asScheduler().queryParam("patientId", patient.toString())
                .get(BASE + "/enrollments").then().extract().jsonPath();
        assertThat(enrollment.getString("items[0].startDate")).isEqualTo(admissionDate.toString());
        assertThat(enrollment.getMap("items[0].firstBooking")).isEqualTo(Map.of("bookedFrom", admissionDate.toString(),
                "heldSessions", 2, "upcomingSessions", 1, "waitlisted", 1, "notBooked", 1));

        String me = patient.toString();
        assertThat(participants(dayBefore, "booked")).doesNotContain(me);
        assertThat(participants(admissionDay, "booked")).containsExactly(me);
        assertThat(participants(fullHeld, "booked")).containsExactly(other);
        assertThat(participants(fullHeld, "waitlist")).isEmpty();
        assertThat(participants(yesterday, "booked")).containsExactly(me);
        assertThat(participants(upcoming, "booked")).containsExactly(me);
        assertThat(participants(cancelled, "booked")).isEmpty();
        assertThat(participants(fullUpcoming, "waitlist")).containsExactly(me);

        // The point of it: the day already attended can be recorded (a late entry).
        String booking = clinic.asScheduler().get(BASE + "/sessions/" + admissionDay + "/roster").then().extract()
                .path("participants[0].id");
        String etag = clinic.asScheduler().get(BASE + "/bookings/" + booking).then().extract().header("ETag");
        clinic.asScheduler().header("If-Match", etag).body(Map.of("attendance", "present"))
                .put(BASE + "/bookings/" + booking + "/attendance").then().statusCode(200)
                .body("status", equalTo("fulfilled")).body("lateEntry", equalTo(true));
    }
}
