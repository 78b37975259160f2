package care.iop.scheduling.session;

import care.iop.common.transaction.RetryOnConflict;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Keeps every open-ended or unfinished series materialised the configured number of weeks ahead. */
@ApplicationScoped
public class SeriesExtender {

    @Inject
    SessionService sessions;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void extend() {
        extendAll();
    }

    /** Returns how many sessions were added. */
    @RetryOnConflict
    @Transactional
    public int extendAll() {
        LocalDate horizon = sessions.horizon(ZoneOffset.UTC);
        List<Series> behind = Series.getEntityManager().createQuery("from Series s where s.materializedUntil < :h "
                        + "and (s.lastDate is null or s.materializedUntil < s.lastDate) order by s.id", Series.class)
                .setParameter("h", horizon).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2).setMaxResults(200).getResultList();
        int added = 0;
        for (Series series : behind) {
            added += sessions.materialize(series, sessions.horizon(ZoneId.of(series.timeZone)), true).size();
        }
        return added;
    }
}
