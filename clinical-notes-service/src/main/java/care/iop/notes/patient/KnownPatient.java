package care.iop.notes.patient;

import care.iop.common.problem.ProblemException;
import care.iop.events.EventType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A patient this clinic has admitted or seen attend, learned from events. Notes and plans are written only for known
 * patients: reading anyone else (an id nobody knows, another clinic's patient) is 404; writing for them waits for the
 * event that would make them known (409 awaiting-event), the same answer for both, so nothing is probed.
 */
@Entity
@IdClass(KnownPatient.Key.class)
public class KnownPatient extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID clinicId;
        public UUID patientId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(patientId, k.patientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, patientId);
        }
    }

    @Id
    public UUID clinicId;
    @Id
    public UUID patientId;
    public LocalDate admittedOn;
    public Instant firstSeen;

    public static boolean exists(UUID clinicId, UUID patientId) {
        return count("clinicId = ?1 and patientId = ?2", clinicId, patientId) > 0;
    }

    /**
     * For a write naming the patient: until intake's {@code patient.admitted} has made them known to the clinic here
     * the answer is 409 awaiting it, with Retry-After (the admission may still be on its way).
     */
    public static void requireForWrite(UUID clinicId, UUID patientId) {
        if (!exists(clinicId, patientId)) {
            throw ProblemException.awaiting(EventType.PATIENT_ADMITTED.type(),
                    "Intake's admission of the patient has not reached clinical notes yet");
        }
    }
}
