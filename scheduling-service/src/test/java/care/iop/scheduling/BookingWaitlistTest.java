package care.iop.scheduling;

import care.iop.events.intake.CoverageAuthorizedV2;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.empty;

/** Group size limits, the session waitlist, promotion when a place frees, and payer-unit warnings. */
@QuarkusTest
class BookingWaitlistTest {

    private final Sched clinic = new Sched();
    private final LocalDate day = Sched.nextWeekday(DayOfWeek.WEDNESDAY, 2);

    private String smallGroup(int capacity) {
        var body = clinic.session("group-therapy", day, "09:00", 180);
        body.put("capacity", capacity);
        return clinic.createSession(body);
    }

    @Test
    void a_full_group_puts_the_next_patient_on_the_waitlist_and_a_cancellation_promotes_them() {
        String session = smallGroup(2);
        String a = clinic.enrolledPatient();
        String b = clinic.enrolledPatient();
        String c = clinic.enrolledPatient();
        String d = clinic.enrolledPatient();
        String bookingA = clinic.book(session, a);
        clinic.book(session, b);
        clinic.asScheduler().body(Map.of("patientId", c)).post(BASE + "/sessions/" + session + "/bookings").then()
                .statusCode(201).body("status", equalTo("waitlist")).body("waitlistPosition", equalTo(1));
        clinic.asScheduler().body(Map.of("patientId", d)).post(BASE + "/sessions/" + session + "/bookings").then()
                .statusCode(201).body("status", equalTo("waitlist")).body("waitlistPosition", equalTo(2));
        // A patient this clinic has not heard of: maybe intake's admission is still on its way.
        clinic.asScheduler().body(Map.of("patientId", UUID.randomUUID().toString()))
                .post(BASE + "/sessions/" + session + "/bookings").then().statusCode(409)
                .header("Retry-After", "2").body("awaitedEvent", equalTo("care.iop.intake.patient.admitted.v1"));

        clinic.asScheduler().get(BASE + "/sessions/" + session).then().body("booked", equalTo(2))
                .body("waitlisted", equalTo(2));
        clinic.asScheduler().body(Map.of("reasonCode", "patient-request")).post(BASE + "/bookings/" + bookingA + "/cancel")
                .then().statusCode(200).body("status", equalTo("cancelled"));
        clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().statusCode(200)
                .body("participants.findAll { it.status == 'booked' }.patientId", equalTo(List.of(b, c)))
                .body("participants.findAll { it.status == 'waitlist' }.patientId", equalTo(List.of(d)))
                .body("participants.find { it.patientId == '" + d + "' }.waitlistPosition", equalTo(1));
        clinic.asScheduler().body(Map.of("reasonCode", "patient-request")).post(BASE + "/bookings/" + bookingA + "/cancel")
                .then().statusCode(409);
    }

    @Test
    void without_waitlist_a_full_group_is_a_conflict_naming_the_session() {
        String session = smallGroup(1);
        clinic.book(session, clinic.enrolledPatient());
        clinic.asScheduler().body(Map.of("patientId", clinic.enrolledPatient(), "waitlistIfFull", false))
                .post(BASE + "/sessions/" + session + "/bookings").then().statusCode(409)
                .body("conflictingSessionId", equalTo(session));
        clinic.asScheduler().get(BASE + "/sessions/" + session).then().body("booked", equalTo(1))
                .body("waitlisted", equalTo(0));
    }

    @Test
    void concurrent_bookings_for_the_last_places_never_overfill_the_group() throws Exception {
        String session = smallGroup(3);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            patients.add(clinic.enrolledPatient());
        }
        var pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = patients.stream().<Callable<Integer>>map(p -> () -> clinic.asScheduler()
                .body(Map.of("patientId", p)).post(BASE + "/sessions/" + session + "/bookings").statusCode()).toList();
        List<Integer> statuses = new ArrayList<>();
        for (var f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(201);
        clinic.asScheduler().get(BASE + "/sessions/" + session).then().body("booked", equalTo(3))
                .body("waitlisted", equalTo(5));
    }

    @Test
    void a_booking_past_the_payers_authorised_units_is_made_with_a_warning() {
        String patient = clinic.enrolledPatient();
        EventPublisher.send(EventPublisher.event("intake-service",
                new CoverageAuthorizedV2(UUID.randomUUID(), 1, day.minusDays(7), day.plusDays(30), null, null),
                UUID.fromString(patient), clinic.clinic));
        String first = smallGroup(5);
        var otherDay = clinic.session("group-therapy", day.plusDays(1), "09:00", 180);
        String second = clinic.createSession(otherDay);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> clinic.asScheduler()
                .get(BASE + "/patients/" + patient + "/authorizations").then().statusCode(200)
                .body("authorizedUnits", equalTo(List.of(1))));
        clinic.asScheduler().body(Map.of("patientId", patient)).post(BASE + "/sessions/" + first + "/bookings")
                .then().statusCode(201).body("warnings", empty());
        clinic.asScheduler().body(Map.of("patientId", patient)).post(BASE + "/sessions/" + second + "/bookings")
                .then().statusCode(201).body("status", equalTo("booked"))
                .body("warnings[0].code", equalTo("authorized-units-exceeded"));
        clinic.asScheduler().get(BASE + "/patients/" + patient + "/authorizations").then()
                .body("usedUnits", equalTo(List.of(2)));
        clinic.asScheduler().get(BASE + "/sessions/" + second).then().body("booked", equalTo(1));
    }

    @Test
    void a_booking_within_the_authorised_units_has_no_warning() {
        String patient = clinic.enrolledPatient();
        String session = smallGroup(5);
        clinic.asScheduler().body(Map.of("patientId", patient)).post(BASE + "/sessions/" + session + "/bookings")
                .then().statusCode(201).body("status", equalTo("booked")).body("warnings", empty());
        clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then()
                .body("participants", hasSize(1));
    }
}
