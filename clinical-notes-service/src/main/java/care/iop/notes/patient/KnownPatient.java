package care.iop.notes.patient;

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
 * A patient this clinic has admitted or seen attend, learned from events. Notes are written only for known
 * patients, so a patient id from another clinic is a 404 here.
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
}
