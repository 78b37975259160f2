package care.iop.scheduling;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.LevelOfCare;
import care.iop.events.Topics;
import care.iop.events.aftercare.PatientDischarged;
import care.iop.events.intake.PatientAdmitted;
import care.iop.testkit.EventCapture;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Admission and discharge events from the real broker drive enrollment and bookings, once each. */
@QuarkusTest
class EnrollmentEventsTest {

    private final Sched clinic = new Sched();
    private final LocalDate today = LocalDate.now(Sched.NEW_YORK);

    /** A track whose group meets Tuesdays and Thursdays, with its series materialised. Returns the session ids. */
    private List<String> trackWithSessions(String code, int groupSizeLimit) {
        var track = clinic.track(code, List.of("tuesday", "thursday"), "10:00", 180);
        track.put("groupSizeLimit", groupSizeLimit);
        String trackId = clinic.createTrack(track);
        Map<String, Object> series = new HashMap<>();
        series.put("kind", "group-therapy");
        series.put("trackId", trackId);
        series.put("days", List.of("tuesday", "thursday"));
        series.put("startTime", "10:00");
        series.put("durationMinutes", 180);
        series.put("firstDate", Sched.nextWeekday(DayOfWeek.MONDAY, 0).toString());
        series.put("lastDate", Sched.nextWeekday(DayOfWeek.MONDAY, 2).toString());
        series.put("modality", "in-person");
        series.put("roomId", clinic.room(12));
        series.put("facilitatorIds", List.of(clinic.facilitator()));
        return clinic.asScheduler().body(series).post(BASE + "/series").then().statusCode(201).extract().jsonPath()
                .getList("sessions.id", String.class);
    }

    private CloudEvent admitted(UUID patient, String trackCode) {
        return admitted(patient, trackCode, UUID.randomUUID(), today);
    }

    private CloudEvent admitted(UUID patient, String trackCode, UUID admissionId, LocalDate date) {
        return EventPublisher.event("intake-service", new PatientAdmitted(admissionId, trackCode,
                LevelOfCare.LEVEL_2_1, date, UUID.randomUUID()), patient, clinic.clinic);
    }

    private void awaitEnrollment(UUID patient, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.asScheduler()
                .queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then().statusCode(200)
                .body("items.status", equalTo(List.of(status))));
    }

    @Test
    void admission_enrolls_and_books_the_upcoming_groups_once_even_when_redelivered() {
        List<String> sessions = trackWithSessions("IOP-EV-A", 12);
        assertThat(sessions).hasSize(4);
        UUID patient = UUID.randomUUID();
        UUID admissionId = UUID.randomUUID();
        CloudEvent admission = admitted(patient, "IOP-EV-A", admissionId, today);
        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            EventPublisher.send(admission, admission);
            awaitEnrollment(patient, "active");
            CloudEvent started = events.await("care.iop.scheduling.enrollment.started.v1", patient);
            EventSchemas.assertValid(EventJson.write(started));
            assertThat(started.data().get("trackCode").asText()).isEqualTo("IOP-EV-A");
            assertThat(started.clinicid()).isEqualTo(clinic.clinic.toString());
            for (String session : sessions) {
                clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then()
                        .body("participants.patientId", equalTo(List.of(patient.toString())));
            }
            // The same admission again under a new event id (an upstream retry): still one enrollment.
            EventPublisher.send(admitted(patient, "IOP-EV-A", admissionId, today));
            events.assertNone(r -> r.value().contains("enrollment.started") && r.key().equals(patient.toString())
                    && !r.value().contains(started.id()), Duration.ofSeconds(3));
        }
        clinic.asScheduler().queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then()
                .body("items", hasSize(1));
        clinic.asScheduler().get(BASE + "/sessions/" + sessions.get(0)).then().body("booked", equalTo(1));
    }

    @Test
    void discharge_ends_the_enrollment_releases_future_bookings_and_promotes_the_waitlist() {
        List<String> sessions = trackWithSessions("IOP-EV-B", 1);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        EventPublisher.send(admitted(first, "IOP-EV-B"));
        awaitEnrollment(first, "active");
        EventPublisher.send(admitted(second, "IOP-EV-B"));
        awaitEnrollment(second, "active");
        clinic.asScheduler().get(BASE + "/sessions/" + sessions.get(0) + "/roster").then()
                .body("participants.findAll { it.status == 'booked' }.patientId", equalTo(List.of(first.toString())))
                .body("participants.findAll { it.status == 'waitlist' }.patientId", equalTo(List.of(second.toString())));

        try (EventCapture events = EventCapture.from(Topics.SCHEDULING)) {
            CloudEvent discharge = EventPublisher.event("aftercare-service", new PatientDischarged(UUID.randomUUID(),
                    UUID.randomUUID(), 1, today, 30, LevelOfCare.LEVEL_1), first, clinic.clinic);
            EventPublisher.send(discharge, discharge);
            awaitEnrollment(first, "ended");
            CloudEvent ended = events.await("care.iop.scheduling.enrollment.ended.v1", first);
            assertThat(ended.data().get("releasedBookings").asInt()).isEqualTo(sessions.size());
            assertThat(ended.data().get("reason").asText()).isEqualTo("discharged");
            events.assertNone(r -> r.value().contains("enrollment.ended") && !r.value().contains(ended.id()),
                    Duration.ofSeconds(3));
        }
        for (String session : sessions) {
            clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then()
                    .body("participants.findAll { it.status == 'booked' }.patientId",
                            equalTo(List.of(second.toString())));
        }
        // No compliance weeks after the discharge: a discharged patient is not "non-compliant" next month.
        List<String> weeks = clinic.asScheduler().queryParam("to", today.plusWeeks(4).toString())
                .get(BASE + "/patients/" + first + "/compliance").then().statusCode(200).extract()
                .jsonPath().getList("weekStart", String.class);
        assertThat(weeks).allSatisfy(w -> assertThat(LocalDate.parse(w)).isBeforeOrEqualTo(today));
        clinic.asScheduler().queryParam("to", today.plusWeeks(4).toString())
                .get(BASE + "/patients/" + second + "/compliance").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void a_readmission_whose_discharge_has_not_arrived_yet_supersedes_the_old_enrollment_and_survives_it() {
        trackWithSessions("IOP-EV-C", 12);
        UUID patient = UUID.randomUUID();
        EventPublisher.send(admitted(patient, "IOP-EV-C", UUID.randomUUID(), today.minusWeeks(6)));
        awaitEnrollment(patient, "active");
        EventPublisher.send(admitted(patient, "IOP-EV-C", UUID.randomUUID(), today));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.asScheduler()
                .queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then()
                .body("items.status", equalTo(List.of("ended", "active"))));
        // The first episode's discharge arrives late: it must not end the new enrollment. A discharge of another
        // patient on the same partition, sent after it, says when it has been applied.
        UUID barrier = onSamePartition(patient);
        EventPublisher.send(admitted(barrier, "IOP-EV-C"));
        awaitEnrollment(barrier, "active");
        EventPublisher.send(EventPublisher.event("aftercare-service", new PatientDischarged(UUID.randomUUID(),
                        UUID.randomUUID(), 1, today.minusDays(1), 35, LevelOfCare.LEVEL_2_1), patient, clinic.clinic),
                EventPublisher.event("aftercare-service", new PatientDischarged(UUID.randomUUID(),
                        UUID.randomUUID(), 1, today, 1, LevelOfCare.LEVEL_1), barrier, clinic.clinic));
        awaitEnrollment(barrier, "ended");
        clinic.asScheduler().queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then()
                .body("items.status", equalTo(List.of("ended", "active")));
    }

    /** A key Kafka's default partitioner puts on the same partition (of 3) as {@code key}. */
    private static UUID onSamePartition(UUID key) {
        int partition = partition(key);
        UUID other;
        do {
            other = UUID.randomUUID();
        } while (partition(other) != partition);
        return other;
    }

    private static int partition(UUID key) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % 3;
    }

    @Test
    void an_admission_to_a_track_not_set_up_yet_waits_and_enrolls_when_the_track_is_created() {
        UUID patient = UUID.randomUUID();
        EventPublisher.send(admitted(patient, "IOP-LATER"));
        awaitEnrollment(patient, "pending-track");
        clinic.createTrack(clinic.track("IOP-LATER", List.of("monday"), "09:00", 180));
        clinic.asScheduler().queryParam("patientId", patient.toString()).get(BASE + "/enrollments").then()
                .body("items.status", equalTo(List.of("active"))).body("items[0].trackCode", equalTo("IOP-LATER"));
    }

    @Test
    void a_closed_group_that_already_started_holds_new_enrollments_until_the_next_cohort() {
        var track = clinic.track("IOP-CLOSED", List.of("wednesday"), "13:00", 180);
        track.put("groupType", "closed");
        track.put("cohortStartDate", today.minusWeeks(2).toString());
        String trackId = clinic.createTrack(track);
        String patient = UUID.randomUUID().toString();
        String enrollment = clinic.enroll(patient, trackId, today);
        clinic.asScheduler().get(BASE + "/enrollments/" + enrollment).then().body("status", equalTo("waiting-for-cohort"));
        String etag = clinic.asScheduler().get(BASE + "/tracks/" + trackId).then().extract().header("ETag");
        var update = Map.of("name", "Closed group", "weeklyHoursTarget", 9, "groupSizeLimit", 10, "groupType", "closed",
                "cohortStartDate", today.plusWeeks(1).toString(), "facilitatorIds", track.get("facilitatorIds"));
        clinic.asScheduler().header("If-Match", "\"99\"").body(update).put(BASE + "/tracks/" + trackId).then()
                .statusCode(412);
        clinic.asScheduler().header("If-Match", etag).body(update).put(BASE + "/tracks/" + trackId).then()
                .statusCode(200).body("cohortStartDate", equalTo(today.plusWeeks(1).toString()));
        clinic.asScheduler().get(BASE + "/enrollments/" + enrollment).then().body("status", equalTo("active"));
        clinic.asScheduler().body(Map.of("patientId", patient, "trackId", trackId, "startDate", today.toString()))
                .post(BASE + "/enrollments").then().statusCode(409).body("conflictingId", equalTo(enrollment));
    }
}
