package care.iop.medication;

import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.medication.patient.KnownPatient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.UUID;

/** Patients of the caller's clinic, and the per-patient lock that serialises their orders' safety checks. */
@ApplicationScoped
public class Patients {

    private static final int LOCK_CLASS = 7_002;

    @Inject
    CallerContext caller;

    @Inject
    EntityManager em;

    /** A patient the caller's clinic admitted, or 404. */
    public KnownPatient require(UUID patientId) {
        return KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", caller.requireClinicId(), patientId)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Patient", patientId));
    }

    /** Two orders for one patient written at once are checked against each other, one after the other. */
    public void lock(UUID patientId) {
        em.createNativeQuery("select pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(:key))")
                .setParameter("key", patientId.toString()).getSingleResult();
    }
}
