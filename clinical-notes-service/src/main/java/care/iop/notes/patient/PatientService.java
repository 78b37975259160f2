package care.iop.notes.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Patients become known to a clinic from intake's and scheduling's events, in the event consumer's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PatientService {

    /** The patient as known to the clinic, recorded now if they were not. */
    public KnownPatient know(UUID clinic, UUID patient) {
        KnownPatient known = KnownPatient.<KnownPatient>find("clinicId = ?1 and patientId = ?2", clinic, patient)
                .firstResultOptional().orElse(null);
        if (known == null) {
            known = new KnownPatient();
            known.clinicId = clinic;
            known.patientId = patient;
            known.firstSeen = Instant.now();
            known.persist();
        }
        return known;
    }
}
