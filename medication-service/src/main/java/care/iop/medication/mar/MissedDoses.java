package care.iop.medication.mar;

import care.iop.medication.order.MedicationOrder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
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

    /** Returns how many doses were marked missed. Orders another instance is checking are skipped. */
    @Transactional
    public int markMissed() {
        Instant now = Instant.now();
        List<MedicationOrder> scheduled = MedicationOrder.getEntityManager().createQuery("from MedicationOrder o "
                        + "where o.status = :active and o.administrationTimes is not null and o.missedCheckedUntil < :now "
                        + "order by o.missedCheckedUntil", MedicationOrder.class)
                .setParameter("active", MedicationOrder.Status.ACTIVE).setParameter("now", now).setMaxResults(500)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint("jakarta.persistence.lock.timeout", -2)
                .getResultList();
        return scheduled.stream().mapToInt(o -> administrations.markMissed(o, now)).sum();
    }
}
