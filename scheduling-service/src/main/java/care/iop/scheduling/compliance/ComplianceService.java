package care.iop.scheduling.compliance;

import care.iop.common.outbox.Outbox;
import care.iop.events.scheduling.AttendanceComplianceChanged;
import care.iop.events.scheduling.ComplianceStatus;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.track.Track;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.List;
import java.util.UUID;

/**
 * Keeps each enrollment's weekly hours and compliance status current (provisional while the week runs), and announces
 * a week's status once it is judged (the week has ended) and whenever a judged status changes — never for weeks that
 * have not happened.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ComplianceService {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    public static LocalDate weekStart(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Recomputes the week the session falls in for this enrollment. */
    public void recompute(Enrollment enrollment, Session session) {
        recompute(enrollment, weekStart(session.localDate));
    }

    public ComplianceWeek recompute(Enrollment enrollment, LocalDate weekStart) {
        if (enrollment == null || enrollment.trackId == null
                || (enrollment.endDate != null && weekStart.isAfter(enrollment.endDate))) {
            return null;
        }
        Track track = Track.findById(enrollment.trackId);
        List<Object[]> rows = em.createNativeQuery("""
                select coalesce(sum(extract(epoch from b.ends_at - b.starts_at) / 60), 0),
                       coalesce(sum(case when b.attendance in ('PRESENT', 'LATE', 'LEFT_EARLY')
                                         then b.minutes_attended else 0 end), 0),
                       coalesce(sum(case when b.attendance is null
                                         then extract(epoch from b.ends_at - b.starts_at) / 60 else 0 end), 0)
                from booking b join session s on s.id = b.session_id
                where b.enrollment_id = :enrollment and b.status in ('BOOKED', 'CHECKED_IN', 'FULFILLED', 'NOSHOW')
                  and s.local_date between :from and :to""", Object[].class)
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

    /** The enrollment ended: weeks after its last day are dropped, the week it ended in is re-evaluated. */
    public void endAfter(Enrollment enrollment, LocalDate endDate) {
        ComplianceWeek.delete("enrollmentId = ?1 and weekStart > ?2", enrollment.id, endDate);
        recompute(enrollment, weekStart(endDate));
    }

    public static BigDecimal hours(int minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }
}
