package care.iop.scheduling;

import care.iop.events.CloudEvent;
import care.iop.events.EventJson;
import care.iop.events.EventSchemas;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.compliance.WeekCloser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * attendance.compliance-changed announces settled facts only: a week once it has ended (judged), or a real change of
 * a judged status — never weeks still to come, never the provisional flips of booking a week session by session.
 * Dates are relative to today.
 */
@QuarkusTest
class ComplianceEventsTest {

    static final String TYPE = "care.iop.scheduling.attendance.compliance-changed.v1";

    private final Sched clinic = new Sched();
    private final LocalDate thisMonday = LocalDate.now(Sched.NEW_YORK)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    @Inject
    EntityManager em;

    @Inject
    WeekCloser closer;

    /** A 9-hour Mon/Wed/Fri track. */
    private String track() {
        return clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                List.of("monday", "wednesday", "friday"), "09:00", 180));
    }

    /** The compliance events scheduling has written for the patient (its outbox: everything it will publish). */
    private List<CloudEvent> complianceEvents(String patient) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("select payload from outbox_event "
                        + "where partition_key = ?1 and event_type = ?2 order by id", String.class)
                .setParameter(1, patient).setParameter(2, TYPE).getResultList().stream()
                .map(p -> EventJson.parse((String) p)).toList());
    }

    @Test
    void enrolling_into_coming_weeks_announces_no_compliance_at_all() {
        String trackId = track();
        Map<String, Object> series = new HashMap<>();
        series.put("kind", "group-therapy");
        series.put("trackId", trackId);
        series.put("days", List.of("monday", "wednesday", "friday"));
        series.put("startTime", "09:00");
        series.put("durationMinutes", 180);
        series.put("firstDate", thisMonday.plusWeeks(1).toString());
        series.put("lastDate", thisMonday.plusWeeks(3).plusDays(4).toString());
        series.put("modality", "in-person");
        series.put("roomId", clinic.room(12));
        series.put("facilitatorIds", List.of(clinic.facilitator()));
        clinic.asScheduler().body(series).post(BASE + "/series").then().statusCode(201);

        String patient = UUID.randomUUID().toString();
        clinic.enroll(patient, trackId, thisMonday);
        // Nine sessions booked one by one: each coming week went at-risk then compliant inside the request.
        clinic.asScheduler().queryParam("from", thisMonday.plusWeeks(1).toString())
                .queryParam("to", thisMonday.plusWeeks(3).toString()).get(BASE + "/patients/" + patient + "/compliance")
                .then().statusCode(200).body("status", equalTo(List.of("compliant", "compliant", "compliant")))
                .body("closed", equalTo(List.of(false, false, false)));
        assertThat(complianceEvents(patient)).isEmpty();
    }

    @Test
    void a_week_that_ended_below_target_is_announced_exactly_once() {
        String trackId = track();
        String patient = UUID.randomUUID().toString();
        String enrollment = clinic.enroll(patient, trackId, thisMonday.minusWeeks(6));
        LocalDate twoWeeksAgo = thisMonday.minusWeeks(2);
        var body = clinic.session("group-therapy", twoWeeksAgo, "09:00", 180);
        body.put("trackId", trackId);
        body.remove("timeZone");
        String session = clinic.createSession(body);

        // Booked into an ended week: judged at once, 3 of 9 hours.
        List<CloudEvent> events = complianceEvents(patient);
        assertThat(events).hasSize(1);
        CloudEvent judged = events.get(0);
        EventSchemas.assertValid(EventJson.write(judged));
        assertThat(judged.data().get("weekStart").asText()).isEqualTo(twoWeeksAgo.toString());
        assertThat(judged.data().get("status").asText()).isEqualTo("non-compliant");
        assertThat(judged.data().get("previousStatus").isNull()).isTrue();

        // Attending the session does not reach the target: the judged status stands, nothing new to say.
        String booking = clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().extract()
                .path("participants[0].id");
        Sched.as(clinic.clinician).body(Map.of("attendance", "present")).put(BASE + "/bookings/" + booking
                + "/attendance").then().statusCode(200);
        closer.closeWeeksEndedBefore(LocalDate.now().minusDays(6));
        assertThat(complianceEvents(patient)).hasSize(1);

        // A week left open while it ran (provisionally at-risk) is judged by the closer, once.
        LocalDate threeWeeksAgo = thisMonday.minusWeeks(3);
        QuarkusTransaction.requiringNew().run(() -> {
            ComplianceWeek w = new ComplianceWeek();
            w.id = UUID.randomUUID();
            w.enrollmentId = UUID.fromString(enrollment);
            w.weekStart = threeWeeksAgo;
            w.clinicId = clinic.clinic;
            w.patientId = UUID.fromString(patient);
            w.status = ComplianceStatus.AT_RISK;
            w.targetMinutes = 540;
            w.updatedAt = Instant.now();
            w.persist();
        });
        closer.closeWeeksEndedBefore(LocalDate.now().minusDays(6));
        closer.closeWeeksEndedBefore(LocalDate.now().minusDays(6));
        events = complianceEvents(patient);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).data().get("weekStart").asText()).isEqualTo(threeWeeksAgo.toString());
        assertThat(events.get(1).data().get("status").asText()).isEqualTo("non-compliant");
        assertThat(events.get(1).data().get("previousStatus").isNull()).isTrue();
    }
}
