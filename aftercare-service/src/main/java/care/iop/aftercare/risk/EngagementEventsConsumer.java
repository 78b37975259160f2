package care.iop.aftercare.risk;

import care.iop.aftercare.episode.EpisodeService;
import care.iop.common.consumer.EventApplier;
import care.iop.common.consumer.EventHandlers;
import care.iop.events.intake.PatientAdmitted;
import care.iop.events.intake.ScreeningCompleted;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.events.medication.DoseMissed;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.SessionMissed;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the other services say about a patient: admissions open episodes; missed sessions, weeks judged below
 * their attendance target, missed doses, unexpected positives and worsening PHQ-9 scores become relapse-risk
 * signals. Each event counts once, redelivered or not, and each attendance week at most once (its latest judgement).
 */
@ApplicationScoped
public class EngagementEventsConsumer {

    static final String CONSUMER = "aftercare-service";
    static final String SUICIDE_RISK_FLAG = "suicide-risk-follow-up";
    static final int PHQ9_WORSENING = 5;
    static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    @Inject
    EventApplier applier;

    @Inject
    RiskService risk;

    @Inject
    EpisodeService episodes;

    private final EventHandlers intake = EventHandlers.create()
            .on(PatientAdmitted.class, (event, data) -> episodes.open(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), data))
            .on(ScreeningCompleted.class, (event, data) -> {
                if (data.instrument() != ScreeningInstrument.PHQ_9) {
                    return;
                }
                if (data.changeFromBaseline() != null && data.changeFromBaseline() >= PHQ9_WORSENING) {
                    risk.signal(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), event.id(), "phq9-worsened", data.completedAt());
                }
                if (data.flags().contains(SUICIDE_RISK_FLAG)) {
                    risk.signal(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), event.id() + ":item9", "phq9-item9", data.completedAt());
                }
            });

    private final EventHandlers scheduling = EventHandlers.create()
            .on(SessionMissed.class, (event, data) -> risk.signal(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), event.id(),
                    data.excused() ? "session-missed-excused" : "session-missed-unexcused", data.sessionStartsAt()))
            .on(AttendanceComplianceChanged.class, (event, data) -> {
                Instant at = event.time() != null ? event.time() : Instant.now();
                if (!weekEnded(data.weekStart(), at)) {
                    return; // a week that has not happened yet is no signal, whatever its provisional status
                }
                String factor = switch (data.status()) {
                    case NON_COMPLIANT -> "attendance-non-compliant";
                    case AT_RISK -> "attendance-at-risk";
                    case COMPLIANT -> null;
                };
                risk.weekJudged(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event),
                        "attendance-week:" + data.enrollmentId() + ":" + data.weekStart(), factor, at);
            });

    private final EventHandlers medication = EventHandlers.create()
            .on(DoseMissed.class, (event, data) -> risk.signal(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), event.id(),
                    "dose-missed", data.scheduledFor()))
            .on(DrugScreenResulted.class, (event, data) -> {
                if (data.unexpectedPositive()) {
                    risk.signal(EventHandlers.clinicOf(event), EventHandlers.subjectOf(event), event.id(), "unexpected-positive-screen",
                            data.resultedAt());
                }
            });

    /**
     * Whether the week (Monday to Sunday, clinic time) had ended by {@code at}. The clinic's zone is not in the event,
     * so this takes the earliest zone (UTC+14): a week that had not ended anywhere is certainly still to come.
     */
    static boolean weekEnded(LocalDate weekStart, Instant at) {
        return !at.isBefore(weekStart.plusDays(7).atStartOfDay(EARLIEST_ZONE).toInstant());
    }

    @Incoming("intake-events")
    @Blocking
    public void onIntakeEvent(String record) {
        applier.apply(CONSUMER, record, intake);
    }

    @Incoming("scheduling-events")
    @Blocking
    public void onSchedulingEvent(String record) {
        applier.apply(CONSUMER, record, scheduling);
    }

    @Incoming("medication-events")
    @Blocking
    public void onMedicationEvent(String record) {
        applier.apply(CONSUMER, record, medication);
    }
}
