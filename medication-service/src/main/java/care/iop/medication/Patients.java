package care.iop.medication;

import care.iop.common.locking.AdvisoryLocks;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.EventType;
import care.iop.medication.patient.KnownPatient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** Patients of the caller's clinic, and the per-patient lock that serialises their orders' safety checks. */
@ApplicationScoped
public class Patients {

    @Inject
    CallerContext caller;

    @Inject
    AdvisoryLocks locks;

    /** A patient the caller's clinic admitted, or 404 (for reads). */
    public KnownPatient require(UUID patientId) {
        return KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", caller.requireClinicId(), patientId)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Patient", patientId));
    }

    /**
     * A patient the caller's clinic admitted, for a write: until intake's admission has arrived here the answer is
     * 409 awaiting {@code patient.admitted} with Retry-After, the same for an id nobody knows and for another
     * clinic's patient, so nothing about other clinics is revealed.
     */
    public KnownPatient requireAdmitted(UUID patientId) {
        return KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", caller.requireClinicId(), patientId)
                .firstResultOptional().orElseThrow(() -> ProblemException.awaiting(EventType.PATIENT_ADMITTED.type(),
                        "Intake's admission of the patient has not reached medication yet"));
    }

    /** Two orders for one patient written at once are checked against each other, one after the other. */
    public void lock(UUID patientId) {
        locks.lock("medication-orders", List.of(patientId));
    }
}
