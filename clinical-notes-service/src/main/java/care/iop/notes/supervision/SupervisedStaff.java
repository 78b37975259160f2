package care.iop.notes.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A staff member whose notes need a clinical supervisor's co-signature (trainees, provisionally licensed). */
@Entity
@IdClass(SupervisedStaff.Key.class)
public class SupervisedStaff extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID clinicId;
        public UUID staffId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(staffId, k.staffId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, staffId);
        }
    }

    @Id
    public UUID clinicId;
    @Id
    public UUID staffId;
    public Instant since;
    public String flaggedBy;

    public static boolean isSupervised(UUID clinicId, UUID staffId) {
        return count("clinicId = ?1 and staffId = ?2", clinicId, staffId) > 0;
    }
}
