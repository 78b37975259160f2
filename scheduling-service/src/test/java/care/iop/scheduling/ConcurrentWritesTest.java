package care.iop.scheduling;

import care.iop.events.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static care.iop.scheduling.Sched.BASE;
import static care.iop.scheduling.Sched.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writes at once on one patient's enrollment and compliance week: attendance for 40 sessions (one by one and
 * as rosters), 10 new sessions of the track that book the patient, and the enrollment's end. Races between them are the server's to resolve: every request succeeds and
 * every count is exact.
 */
@QuarkusTest
class ConcurrentWritesTest {

    private static final int SESSIONS = 40;
    private static final int ROSTERS = 10;
    private static final int MINUTES = 30;
    private static final int LATE_SESSIONS = 10;

    private final Sched clinic = new Sched();
    private final LocalDate lastMonday = LocalDate.now(Sched.NEW_YORK)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);

    @Inject
    EntityManager em;

    private long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    @Test
    void attendance_for_one_patient_recorded_all_at_once_with_an_enrollment_change_all_succeed_and_add_up()
            throws Exception {
        String trackId = clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8)
                .toUpperCase(), List.of("monday", "wednesday", "friday"), "09:00", 180));
        String patient = UUID.randomUUID().toString();
        String enrollment = clinic.enroll(patient, trackId, lastMonday.minusWeeks(3));
        // Last week, Monday to Friday, eight half-hour group sessions a day: the patient is booked into each.
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            var body = clinic.session("group-therapy", lastMonday.plusDays(i / 8), String.format("%02d:00", 8 + i % 8), MINUTES);
            body.put("trackId", trackId);
            body.remove("timeZone");
            sessions.add(clinic.createSession(body));
        }
        UUID patientId = UUID.fromString(patient);
        List<String> bookings = new ArrayList<>();
        for (String session : sessions) {
            bookings.add(clinic.asScheduler().get(BASE + "/sessions/" + session + "/roster").then().statusCode(200)
                    .extract().path("participants.find { it.patientId == '" + patient + "' }.id"));
        }
        assertThat(bookings).doesNotContainNull().hasSize(SESSIONS);

        List<Callable<Response>> writes = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String url = i < ROSTERS ? BASE + "/sessions/" + sessions.get(i) + "/attendance"
                    : BASE + "/bookings/" + bookings.get(i) + "/attendance";
            Object body = i < ROSTERS
                    ? Map.of("entries", List.of(Map.of("patientId", patient, "attendance", "present")))
                    : Map.of("attendance", "present");
            writes.add(i < ROSTERS ? () -> as(clinic.clinician).body(body).post(url)
                    : () -> as(clinic.clinician).body(body).put(url));
        }
        // New sessions of the track in the same week book the patient and recompute the same week row meanwhile.
        for (int i = 0; i < LATE_SESSIONS; i++) {
            var body = clinic.session("group-therapy", lastMonday.plusDays(i / 2), (16 + i % 2) + ":00", MINUTES);
            body.put("trackId", trackId);
            body.remove("timeZone");
            writes.add(() -> clinic.asScheduler().body(body).post(BASE + "/sessions"));
        }
        writes.add(() -> clinic.asScheduler().body(Map.of("reason", "withdrawn",
                "endDate", LocalDate.now(Sched.NEW_YORK).toString())).post(BASE + "/enrollments/" + enrollment + "/end"));

        ExecutorService pool = Executors.newFixedThreadPool(writes.size());
        List<Integer> statuses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (Callable<Response> write : writes) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return write.call();
                }));
            }
            start.countDown();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).as("every write succeeds; no 409, 412 or 503 from a race")
                .allMatch(status -> status >= 200 && status < 300).hasSize(SESSIONS + LATE_SESSIONS + 1);

        assertThat(count("select count(*) from booking where patient_id = ?1 and attendance = 'PRESENT' "
                + "and status = 'FULFILLED' and minutes_attended = ?2", patientId, MINUTES)).isEqualTo(SESSIONS);
        assertThat(count("select count(*) from compliance_week where patient_id = ?1", patientId))
                .as("one week row per week, never two").isEqualTo(count(
                        "select count(distinct week_start) from compliance_week where patient_id = ?1", patientId));
        assertThat(count("select attended_minutes from compliance_week where patient_id = ?1 and week_start = ?2",
                patientId, lastMonday)).isEqualTo(SESSIONS * MINUTES);
        // A new session books the patient unless the enrollment's end got there first: the week counts exactly those.
        long booked = count("select count(*) from booking b join session s on s.id = b.session_id where b.patient_id = ?1 "
                + "and b.status in ('BOOKED', 'FULFILLED') and s.local_date between ?2 and ?3", patientId, lastMonday,
                lastMonday.plusDays(6));
        assertThat(booked).isBetween((long) SESSIONS, (long) SESSIONS + LATE_SESSIONS);
        assertThat(count("select scheduled_minutes from compliance_week where patient_id = ?1 and week_start = ?2",
                patientId, lastMonday)).isEqualTo(booked * MINUTES);
        assertThat(count("select count(*) from outbox_event where partition_key = ?1 and event_type = ?2", patient,
                EventType.SESSION_ATTENDED.type())).isEqualTo(SESSIONS);
        assertThat(count("select count(*) from outbox_event where partition_key = ?1 and event_type = ?2", patient,
                EventType.ENROLLMENT_ENDED.type())).isEqualTo(1);
        assertThat(count("select count(*) from audit_log where patient_id = ?1 and resource_type = 'Attendance' "
                + "and action = 'update' and outcome = 'success'", patientId)).isEqualTo(SESSIONS);
        assertThat(count("select count(*) from enrollment where id = ?1 and status = 'ENDED' "
                + "and consecutive_unexcused = 0", UUID.fromString(enrollment))).isEqualTo(1);
        clinic.asScheduler().queryParam("from", lastMonday.toString()).queryParam("to", lastMonday.toString())
                .get(BASE + "/patients/" + patient + "/compliance").then().statusCode(200)
                .body("[0].attendedHours", org.hamcrest.Matchers.equalTo(SESSIONS * MINUTES / 60.0f));
    }
}
