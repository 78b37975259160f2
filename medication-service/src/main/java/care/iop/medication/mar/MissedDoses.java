package care.iop.medication.mar;

import care.iop.common.transaction.RetryOnConflict;
import care.iop.medication.order.MedicationOrder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Looks for scheduled doses whose window has passed unrecorded. */
@ApplicationScoped
public class MissedDoses {

    @Inject
    AdministrationService administrations;

    @Scheduled(every = "${medications.missed-dose-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        markMissed();
    }

    @RetryOnConflict
    @Transactional
    public int markMissed() {
        return markMissed(Instant.now());
    }

    /**
     * Marks doses whose window ended before {@code now}; returns how many. Orders past their end date and orders of
     * discharged patients (under review or handed over) are left alone; orders another instance is checking are
     * skipped.
     */
    @RetryOnConflict
    @Transactional
    public int markMissed(Instant now) {
        List<MedicationOrder> scheduled = MedicationOrder.getEntityManager().createQuery("from MedicationOrder o "
                        + "where o.status = :active and o.administrationTimes is not null and o.missedCheckedUntil < :now "
                        + "and o.dischargeReview is null and (o.endDate is null or o.endDate >= :yesterday) "
                        + "order by o.missedCheckedUntil", MedicationOrder.class)
                .setParameter("active", MedicationOrder.Status.ACTIVE).setParameter("now", now)
                .setParameter("yesterday", LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1)).setMaxResults(500)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint("jakarta.persistence.lock.timeout", -2)
                .getResultList();
        return scheduled.stream().mapToInt(o -> administrations.markMissed(o, now)).sum();
    }
}
