package care.iop.aftercare;

import care.iop.aftercare.episode.Episode;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * Patients are known here through their episodes (opened by intake's {@code patient.admitted}): reading anyone else, or
 * another clinic's patient, is 404; writing for them waits for the admission (409 awaiting-event).
 */
@ApplicationScoped
public class Patients {

    @Inject
    CallerContext caller;

    /** The caller's clinic, once the patient is known to it. */
    public UUID requireInClinic(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        if (Episode.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        return clinic;
    }

    /**
     * The caller's clinic, once the patient is known to it, for a write: until intake's admission has opened an
     * episode here the answer is 409 awaiting {@code patient.admitted} with Retry-After, the same for an id nobody
     * knows and for another clinic's patient, so nothing about other clinics is revealed.
     */
    public UUID requireAdmitted(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        if (Episode.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.awaiting(EventType.PATIENT_ADMITTED.type(),
                    "Intake's admission of the patient has not reached aftercare yet");
        }
        return clinic;
    }
}
