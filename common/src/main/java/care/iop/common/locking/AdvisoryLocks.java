package care.iop.common.locking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.Objects;
import java.util.UUID;

/**
 * Transaction-scoped PostgreSQL advisory locks on ids (a patient, a room), for checks that must not run
 * side by side: two bookings for one patient, two orders checked against each other. Locks are taken in one global
 * order so two transactions cannot deadlock on them, and are released when the transaction ends. Each caller names
 * its lock space, so the same id locked for different purposes does not collide (the two-integer lock form never
 * meets the single-bigint form the outbox relay uses).
 */
@ApplicationScoped
public class AdvisoryLocks {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String space, Collection<UUID> ids) {
        ids.stream().filter(Objects::nonNull).map(UUID::toString).distinct().sorted().forEach(id ->
                em.createNativeQuery("select pg_advisory_xact_lock(hashtext(:space), hashtext(:id))")
                        .setParameter("space", space).setParameter("id", id).getSingleResult());
    }
}
