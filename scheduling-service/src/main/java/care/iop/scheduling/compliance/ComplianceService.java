package care.iop.scheduling.compliance;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.FeatureOrder;
import care.iop.scheduling.SqlEnums;
import care.iop.scheduling.booking.Attendance;
import care.iop.scheduling.booking.BookingEvents;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.enrollment.EnrollmentEvents;
import care.iop.scheduling.track.Track;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each enrollment's weekly hours and compliance status current (provisional while the week runs), and announces
 * a week's status once it is judged (the week has ended) and whenever a judged status changes — never for weeks that
 * have not happened. Follows bookings and enrollments by observing their events; the decisions are
 * {@link ComplianceRules}'.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ComplianceService {

    /** A running enrollment on the staff worklist, why, and its recent non-compliant weeks. */
    public record Slipping(Enrollment enrollment, List<String> reasons, List<ComplianceWeek> nonCompliantWeeks) {
    }

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    public static LocalDate weekStart(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * A patient's weeks between two dates' weeks (default the last 8 weeks up to next week), newest first; 404 for a
     * patient never enrolled in the caller's clinic. Audited as a read of the patient's compliance.
     */
    @Transactional
    @RetryOnConflict
    public List<ComplianceWeek> patientWeeks(UUID patientId, LocalDate from, LocalDate to) {
        UUID clinic = caller.requireClinicId();
        if (Enrollment.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        LocalDate last = weekStart(to != null ? to : LocalDate.now().plusWeeks(1));
        LocalDate first = weekStart(from != null ? from : last.minusWeeks(8));
        if (first.isAfter(last) || first.plusWeeks(53).isBefore(last)) {
            throw ProblemException.invalid("from", "must be on or before to and at most a year earlier");
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "AttendanceCompliance", patientId, patientId, clinic));
        return ComplianceWeek.<ComplianceWeek>list("clinicId = ?1 and patientId = ?2 and weekStart between ?3 and ?4 "
                + "order by weekStart desc", clinic, patientId, first, last);
    }

    /**
     * The caller's clinic's running enrollments to follow up ({@link ComplianceRules#worklistReasons}), by patient;
     * each one listed is audited as a read of its compliance.
     */
    @Transactional
    @RetryOnConflict
    public List<Slipping> worklist() {
        UUID clinic = caller.requireClinicId();
        LocalDate since = weekStart(LocalDate.now()).minusWeeks(ComplianceRules.RECENT_WEEKS);
        Map<UUID, List<ComplianceWeek>> weeks = new LinkedHashMap<>();
        ComplianceWeek.<ComplianceWeek>list("clinicId = ?1 and status = ?2 and weekStart >= ?3 order by weekStart",
                        clinic, ComplianceStatus.NON_COMPLIANT, since)
                .forEach(w -> weeks.computeIfAbsent(w.enrollmentId, k -> new ArrayList<>()).add(w));
        List<Enrollment> running = Enrollment.list("clinicId = ?1 and status = ?2 and (consecutiveUnexcused >= ?3 "
                + "or id in ?4) order by patientId", clinic, Enrollment.Status.ACTIVE, ComplianceRules.MISSED_STREAK,
                weeks.isEmpty() ? List.of(new UUID(0, 0)) : List.copyOf(weeks.keySet()));
        List<Slipping> items = running.stream().map(e -> {
            List<ComplianceWeek> bad = weeks.getOrDefault(e.id, List.of());
            return new Slipping(e, ComplianceRules.worklistReasons(e.consecutiveUnexcused, !bad.isEmpty()), bad);
        }).toList();
        audit.recordAll(items.stream().map(i -> AuditLog.Entry.success(AuditAction.READ, "AttendanceCompliance",
                i.enrollment().id, i.enrollment().patientId, clinic)).toList());
        return items;
    }

    /** Bookings or attendance changed an enrollment's hours: the weeks of those days are judged again, once each. */
    void onHoursChanged(@Observes @Priority(FeatureOrder.COMPLIANCE) BookingEvents.HoursChanged event) {
        event.days().stream().map(ComplianceService::weekStart).distinct()
                .forEach(week -> recompute(event.enrollment(), week));
    }

    /** The enrollment ended: weeks after its last day are dropped, the week it ended in is re-evaluated. */
    void onEnrollmentEnded(@Observes @Priority(FeatureOrder.COMPLIANCE) EnrollmentEvents.Ended event) {
        ComplianceWeek.delete("enrollmentId = ?1 and weekStart > ?2", event.enrollment().id, event.endDate());
        recompute(event.enrollment(), weekStart(event.endDate()));
    }

    public ComplianceWeek recompute(Enrollment enrollment, LocalDate weekStart) {
        if (enrollment == null || enrollment.trackId == null
                || (enrollment.endDate != null && weekStart.isAfter(enrollment.endDate))) {
            return null;
        }
        Track track = Track.findById(enrollment.trackId);
        List<Object[]> rows = em.createNativeQuery("""
                select coalesce(sum(extract(epoch from b.ends_at - b.starts_at) / 60), 0),
                       coalesce(sum(case when b.attendance in (:attended)
                                         then b.minutes_attended else 0 end), 0),
                       coalesce(sum(case when b.attendance is null
                                         then extract(epoch from b.ends_at - b.starts_at) / 60 else 0 end), 0)
                from booking b join session s on s.id = b.session_id
                where b.enrollment_id = :enrollment and b.status in (:holdsPlace)
                  and s.local_date between :from and :to""", Object[].class)
                .setParameter("attended", SqlEnums.names(Attendance.ATTENDED))
                .setParameter("holdsPlace", SqlEnums.names(BookingStatus.HOLDS_PLACE))
                .setParameter("enrollment", enrollment.id).setParameter("from", weekStart)
                .setParameter("to", weekStart.plusDays(6)).getResultList();
        Object[] sums = rows.get(0);
        int scheduled = ((Number) sums[0]).intValue();
        int attended = ((Number) sums[1]).intValue();
        int pending = ((Number) sums[2]).intValue();
        ZoneId zone = track.zone();
        boolean weekOver = !Instant.now().isBefore(weekStart.plusDays(7).atStartOfDay(zone).toInstant());
        int target = ComplianceRules.target(track.targetMinutes(), track.daysOfWeek(), weekStart, enrollment.startDate,
                enrollment.endDate);
        ComplianceStatus status = ComplianceRules.status(target, scheduled, attended, pending, weekOver);

        ComplianceWeek week = ComplianceWeek.<ComplianceWeek>find("enrollmentId = ?1 and weekStart = ?2",
                enrollment.id, weekStart).firstResultOptional().orElse(null);
        ComplianceStatus previous = week == null ? null : week.status;
        ComplianceStatus judgedBefore = week != null && week.closed ? week.status : null;
        if (week == null) {
            week = new ComplianceWeek();
            week.id = UUID.randomUUID();
            week.enrollmentId = enrollment.id;
            week.weekStart = weekStart;
            week.clinicId = enrollment.clinicId;
            week.patientId = enrollment.patientId;
        }
        boolean figuresChanged = week.scheduledMinutes != scheduled || week.attendedMinutes != attended
                || week.targetMinutes != target || week.closed != weekOver;
        week.status = status;
        week.scheduledMinutes = scheduled;
        week.attendedMinutes = attended;
        week.targetMinutes = target;
        week.closed = weekOver;
        if (previous == null || figuresChanged || previous != status) {
            week.updatedAt = Instant.now();
            week.persist();
        }
        if (ComplianceRules.announces(judgedBefore, weekOver, status)) {
            outbox.publish(new AttendanceComplianceChanged(enrollment.id, weekStart, judgedBefore, status,
                    hours(scheduled), hours(attended), hours(target), enrollment.consecutiveUnexcused),
                    enrollment.patientId, enrollment.clinicId);
        }
        return week;
    }

    public static BigDecimal hours(int minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }
}
