package care.iop.aftercare.followup;

import care.iop.common.transaction.RetryOnConflict;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Announces follow-ups as their due dates begin ({@code follow-up.due}). */
@ApplicationScoped
public class DueFollowUps {

    @Inject
    FollowUpService followUps;

    @Scheduled(every = "${aftercare.due-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        announce(Instant.now());
    }

    /** Returns how many follow-ups became due by {@code now}. Rows another instance is handling are skipped. */
    @RetryOnConflict
    @Transactional
    public int announce(Instant now) {
        // Due dates are local: a day either side of UTC covers every zone; announceIfDue decides exactly.
        LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        List<FollowUp> candidates = FollowUp.getEntityManager().createQuery("from FollowUp f where f.dueNotified = false "
                        + "and f.status = :scheduled and f.dueDate <= :latest order by f.dueDate", FollowUp.class)
                .setParameter("scheduled", FollowUp.Status.SCHEDULED).setParameter("latest", latest)
                .setMaxResults(500).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2).getResultList();
        return (int) candidates.stream().filter(f -> followUps.announceIfDue(f, now)).count();
    }
}
