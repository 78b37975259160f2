package care.iop.medication.patient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** A patient this clinic admitted (from intake's events); medication work is only done for known patients. */
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
    public LocalDate dischargedOn;
    public Instant firstSeen;
}
