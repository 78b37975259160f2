package care.iop.scheduling.compliance;

import care.iop.common.transaction.RetryOnConflict;
import care.iop.scheduling.enrollment.Enrollment;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A week that ended below target is non-compliant even if nothing else happened in it, so ended weeks are
 * re-evaluated on a timer rather than only when a booking or attendance changes. Closing a week is what judges it:
 * its status is announced then, once (see {@link ComplianceRules#announces}).
 */
@ApplicationScoped
public class WeekCloser {

    @Inject
    ComplianceService compliance;

    @Scheduled(every = "${scheduling.week-close-interval:15m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeEndedWeeks() {
        closeWeeksEndedBefore(LocalDate.now(ZoneOffset.UTC).minusDays(6));
    }

    /** Re-evaluates open weeks that started before {@code weekStartBefore}; returns how many. */
    @RetryOnConflict
    @Transactional
    public int closeWeeksEndedBefore(LocalDate weekStartBefore) {
        List<ComplianceWeek> open = ComplianceWeek.getEntityManager().createQuery(
                        "from ComplianceWeek w where w.closed = false and w.weekStart < :before order by w.weekStart",
                        ComplianceWeek.class)
                .setParameter("before", weekStartBefore).setMaxResults(500)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2).getResultList();
        open.forEach(w -> compliance.recompute(Enrollment.findById(w.enrollmentId), w.weekStart));
        return open.size();
    }
}
