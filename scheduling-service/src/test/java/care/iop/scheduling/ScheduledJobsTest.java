package care.iop.scheduling;

import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.compliance.WeekCloser;
import care.iop.scheduling.session.Series;
import care.iop.scheduling.session.SeriesExtender;
import care.iop.scheduling.session.Session;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static care.iop.scheduling.Sched.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The timers: series kept materialised ahead, ended weeks re-evaluated; and query dates that do not parse. */
@QuarkusTest
class ScheduledJobsTest {

    private final Sched clinic = new Sched();

    @Inject
    SeriesExtender extender;

    @Inject
    WeekCloser closer;

    @Test
    void a_series_that_fell_behind_its_horizon_is_extended_without_duplicates() {
        var body = new java.util.HashMap<String, Object>(Map.of("kind", "skills-group", "days", List.of("friday"),
                "startTime", "14:00", "durationMinutes", 90, "timeZone", "America/Chicago",
                "firstDate", LocalDate.now().toString(), "modality", "telehealth",
                "joinUrl", "https://meet.example.org/skills", "facilitatorIds", List.of(clinic.facilitator())));
        String seriesId = clinic.asScheduler().body(body).post(BASE + "/series").then().statusCode(201).extract()
                .path("id");
        UUID id = UUID.fromString(seriesId);
        long full = QuarkusTransaction.requiringNew().call(() -> Session.count("seriesId", id));
        QuarkusTransaction.requiringNew().run(() -> {
            Series series = Series.findById(id);
            series.materializedUntil = series.materializedUntil.minusWeeks(3);
            Session.delete("seriesId = ?1 and localDate > ?2", id, series.materializedUntil);
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> Session.count("seriesId", id))).isEqualTo(full - 3);
        assertThat(extender.extendAll()).isGreaterThanOrEqualTo(3);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Session.count("seriesId", id))).isEqualTo(full);
        extender.extendAll();
        assertThat(QuarkusTransaction.requiringNew().call(() -> Session.count("seriesId", id))).isEqualTo(full);
    }

    @Test
    void an_ended_week_left_open_is_closed_and_judged_on_what_was_attended() {
        String trackId = clinic.createTrack(clinic.track("T-" + UUID.randomUUID().toString().substring(0, 8)
                .toUpperCase(), List.of("monday"), "09:00", 180));
        String patient = UUID.randomUUID().toString();
        String enrollment = clinic.enroll(patient, trackId, LocalDate.now().minusWeeks(6));
        LocalDate monday = LocalDate.now(Sched.NEW_YORK).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(2);
        QuarkusTransaction.requiringNew().run(() -> {
            ComplianceWeek w = new ComplianceWeek();
            w.id = UUID.randomUUID();
            w.enrollmentId = UUID.fromString(enrollment);
            w.weekStart = monday;
            w.clinicId = clinic.clinic;
            w.patientId = UUID.fromString(patient);
            w.status = ComplianceStatus.AT_RISK;
            w.targetMinutes = 540;
            w.updatedAt = java.time.Instant.now();
            w.persist();
        });
        assertThat(closer.closeWeeksEndedBefore(LocalDate.now().minusDays(6))).isGreaterThanOrEqualTo(1);
        clinic.asScheduler().queryParam("from", monday.toString()).queryParam("to", monday.toString())
                .get(BASE + "/patients/" + patient + "/compliance").then().statusCode(200)
                .body("[0].status", equalTo("non-compliant")).body("[0].closed", equalTo(true));
    }

    @Test
    void query_dates_that_do_not_parse_are_a_400_naming_the_parameter() {
        clinic.asScheduler().queryParam("from", "26/11/2026").get(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("from"));
        clinic.asScheduler().queryParam("date", "tomorrow").get(BASE + "/facilitators/" + UUID.randomUUID() + "/day")
                .then().statusCode(400).body("violations[0].field", equalTo("date"));
        var far = clinic.session("group-therapy", LocalDate.now().plusYears(5), "09:00", 60);
        clinic.asScheduler().body(far).post(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("date"));
        var etc = clinic.session("group-therapy", LocalDate.now().plusDays(3), "09:00", 60);
        etc.put("timeZone", "Etc/GMT+5");
        clinic.asScheduler().body(etc).post(BASE + "/sessions").then().statusCode(400)
                .body("violations[0].field", equalTo("timeZone"));
    }
}
