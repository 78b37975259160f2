package care.iop.scheduling;

import care.iop.events.intake.PatientWaitlisted;
import care.iop.testkit.EventPublisher;
import care.iop.testkit.PatientTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling enrolls and books only patients intake told the caller's clinic about: a random id and another clinic's
 * patient get the same answer, 409 awaiting intake's event (it may still be on its way) with Retry-After, and nothing
 * is written for them; reads of another clinic's patient stay the 404 any foreign id gets.
 */
@QuarkusTest
class KnownPatientTest {

    private final Sched clinic = new Sched();
    private final Sched otherClinic = new Sched();
    private final LocalDate today = LocalDate.now(Sched.NEW_YORK);

    @Inject
    DataSource dataSource;

    private String track() {
        return clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday", "wednesday"), "09:00", 180));
    }

    private io.restassured.response.Response enroll(String patient, String trackId) {
        return clinic.asScheduler().body(Map.of("patientId", patient, "trackId", trackId, "startDate",
                today.toString())).post(BASE + "/enrollments");
    }

    private long traces(String patient) {
        return PatientTraces.count(dataSource, UUID.fromString(patient));
    }

    private static Map<String, Object> problem(io.restassured.response.Response r) {
        return problem(r, 404);
    }

    private static Map<String, Object> problem(io.restassured.response.Response r, int status) {
        JsonPath body = r.then().statusCode(status).extract().jsonPath();
        return Map.of("type", body.getString("type"), "title", body.getString("title"), "detail",
                body.getString("detail"), "awaitedEvent", String.valueOf(body.getString("awaitedEvent")));
    }

    private static Map<String, Object> awaiting(io.restassured.response.Response r, String event) {
        r.then().header("Retry-After", "2");
        Map<String, Object> problem = problem(r, 409);
        assertThat(problem).containsEntry("type", "urn:iop:problem:awaiting-event")
                .containsEntry("awaitedEvent", event);
        return problem;
    }

    @Test
    void a_random_id_and_another_clinics_patient_are_not_enrolled_nor_booked() {
        String trackId = track();
        String session = clinic.createSession(clinic.session("group-therapy", today.plusDays(7), "15:00", 60));
        String random = UUID.randomUUID().toString();
        String theirs = otherClinic.know(UUID.randomUUID().toString());
        // The answer for another clinic's patient read directly: what a foreign id always gets.
        otherClinic.enroll(theirs, otherClinic.createTrack(otherClinic.track("T-" + UUID.randomUUID().toString()
                .substring(0, 8).toUpperCase(), List.of("monday"), "09:00", 180)), today);
        Map<String, Object> foreign = problem(clinic.asScheduler().get(BASE + "/patients/" + theirs + "/compliance"));
        long theirTraces = traces(theirs);

        assertThat(foreign).containsEntry("type", "urn:iop:problem:not-found");
        assertThat(problem(clinic.asScheduler().get(BASE + "/patients/" + random + "/compliance"))).isEqualTo(foreign);
        for (String patient : List.of(random, theirs)) {
            assertThat(awaiting(enroll(patient, trackId), "care.iop.intake.referral.received.v1"))
                    .isEqualTo(awaiting(enroll(random, trackId), "care.iop.intake.referral.received.v1"));
            assertThat(awaiting(clinic.asScheduler().body(Map.of("patientId", patient))
                    .post(BASE + "/sessions/" + session + "/bookings"), "care.iop.intake.patient.admitted.v1"))
                    .isEqualTo(awaiting(clinic.asScheduler().body(Map.of("patientId", random))
                            .post(BASE + "/sessions/" + session + "/bookings"),
                            "care.iop.intake.patient.admitted.v1"));
        }
        assertThat(traces(random)).isZero();
        assertThat(traces(theirs)).isEqualTo(theirTraces);
        clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().statusCode(200)
                .body("participants", org.hamcrest.Matchers.empty());
    }

    @Test
    void a_patient_intake_waitlisted_in_this_clinic_can_be_enrolled_and_booked() {
        String trackId = track();
        String session = clinic.createSession(clinic.session("individual-therapy", today.plusDays(8), "15:00", 60));
        UUID patient = UUID.randomUUID();
        EventPublisher.send(EventPublisher.event("intake-service", new PatientWaitlisted(UUID.randomUUID(),
                "IOP-WAIT", 1, Instant.now().truncatedTo(ChronoUnit.SECONDS), today.plusDays(14)), patient,
                clinic.clinic));
        // Known once the event is consumed; until then the answer is 409 awaiting it and nothing is written.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> enroll(patient.toString(), trackId).statusCode() == 201);
        clinic.asScheduler().body(Map.of("patientId", patient.toString()))
                .post(BASE + "/sessions/" + session + "/bookings").then().statusCode(201);
        // Known to this clinic only.
        otherClinic.asScheduler().body(Map.of("patientId", patient.toString(), "trackId", otherClinic.createTrack(
                        otherClinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                                List.of("monday"), "09:00", 180)), "startDate", today.toString()))
                .post(BASE + "/enrollments").then().statusCode(409).body("awaitedEvent",
                        org.hamcrest.Matchers.equalTo("care.iop.intake.referral.received.v1"));
    }
}
