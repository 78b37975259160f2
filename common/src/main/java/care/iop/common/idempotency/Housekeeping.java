package care.iop.common.idempotency;

import care.iop.common.config.IopConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Deletes what the platform keeps only for a while: expired idempotency keys (their stored responses hold
 * patient data) and processed-event ids older than the consumer dedupe window.
 */
@ApplicationScoped
public class Housekeeping {

    @Inject
    EntityManager em;

    @Inject
    IopConfig config;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void purgeExpired() {
        em.createNativeQuery("DELETE FROM idempotency_key WHERE expires_at < now()").executeUpdate();
        em.createNativeQuery("DELETE FROM processed_event WHERE processed_at < ?1")
                .setParameter(1, Instant.now().minus(config.consumer().dedupeWindow())).executeUpdate();
    }
}
