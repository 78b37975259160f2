package care.iop.aftercare;

import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionMissed;
import care.iop.testkit.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;

import static care.iop.aftercare.AftercareClinic.BASE;
import static org.hamcrest.Matchers.equalTo;

/**
 * Attendance weeks move the relapse-risk score only once they have happened, and each week counts at most once (as
 * its latest judgement says). Dates are relative to today.
 */
@QuarkusTest
class AttendanceWeeksRiskTest {

    private final AftercareClinic clinic = new AftercareClinic();
    private final LocalDate thisMonday = LocalDate.now(ZoneOffset.UTC)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    private void week(UUID patient, UUID enrollment, LocalDate weekStart, ComplianceStatus status) {
        EventPublisher.send(clinic.event("scheduling-service", new AttendanceComplianceChanged(enrollment, weekStart,
                null, status, new BigDecimal("9.00"), BigDecimal.ZERO, new BigDecimal("9.00"), 0), patient));
    }

    /**
     * An unexcused missed session (weight 2) sent after the events under test, on the same topic and key: once it
     * counts, everything before it was consumed. The score must then be exactly {@code expected}.
     */
    private void afterAllConsumed(UUID patient, double expected, List<String> factors) {
        EventPublisher.send(clinic.event("scheduling-service", new SessionMissed(UUID.randomUUID(),
                SessionKind.GROUP_THERAPY, false, Instant.now().minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS), 1), patient));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> clinic.caseManager.api()
                .get(BASE + "/patients/" + patient + "/relapse-risk").then().statusCode(200)
                .body("factors.code", equalTo(factors)).body("score", equalTo((float) expected)));
    }

    @Test
    void at_risk_weeks_that_have_not_happened_score_nothing() {
        UUID patient = clinic.admitted(LocalDate.now());
        UUID enrollment = UUID.randomUUID();
        // What the old producer sent on enrollment: the running week and eight coming weeks, each at-risk.
        for (int w = 0; w <= 8; w++) {
            week(patient, enrollment, thisMonday.plusWeeks(w), ComplianceStatus.AT_RISK);
            week(patient, enrollment, thisMonday.plusWeeks(w), ComplianceStatus.COMPLIANT);
        }
        week(patient, enrollment, thisMonday.plusWeeks(2), ComplianceStatus.NON_COMPLIANT);
        afterAllConsumed(patient, 2.0, List.of("session-missed-unexcused"));
    }

    @Test
    void an_ended_week_counts_once_and_a_corrected_judgement_replaces_it() {
        UUID patient = clinic.admitted(LocalDate.now().minusDays(30));
        UUID enrollment = UUID.randomUUID();
        LocalDate twoWeeksAgo = thisMonday.minusWeeks(2);
        week(patient, enrollment, twoWeeksAgo, ComplianceStatus.NON_COMPLIANT);
        week(patient, enrollment, twoWeeksAgo, ComplianceStatus.NON_COMPLIANT);
        afterAllConsumed(patient, 5.0, List.of("session-missed-unexcused", "attendance-non-compliant"));

        // A late attendance entry made the week compliant: it no longer counts.
        week(patient, enrollment, twoWeeksAgo, ComplianceStatus.COMPLIANT);
        afterAllConsumed(patient, 4.0, List.of("session-missed-unexcused"));
    }
}
