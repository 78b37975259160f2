package care.iop.aftercare;

import care.iop.aftercare.episode.Episode;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** Patients are known here through their episodes: anyone else, or another clinic's patient, is 404. */
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
}
