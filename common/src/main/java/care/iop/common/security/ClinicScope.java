package care.iop.common.security;

import care.iop.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.util.UUID;

/**
 * Loads rows only within the caller's clinic. Every entity a clinic owns has a {@code clinicId} attribute;
 * a row of another clinic is indistinguishable from a missing one (404), so ids cannot be probed.
 */
@ApplicationScoped
public class ClinicScope {

    @Inject
    EntityManager em;

    @Inject
    CallerContext caller;

    public <T> T require(Class<T> type, UUID id) {
        return require(type, id, LockModeType.NONE);
    }

    public <T> T require(Class<T> type, UUID id, LockModeType lock) {
        UUID clinic = caller.requireClinicId();
        return em.createQuery("from " + type.getName() + " e where e.id = :id and e.clinicId = :clinic", type)
                .setParameter("id", id).setParameter("clinic", clinic).setLockMode(lock)
                .getResultStream().findFirst()
                .orElseThrow(() -> ProblemException.notFound(type.getSimpleName(), id));
    }
}
