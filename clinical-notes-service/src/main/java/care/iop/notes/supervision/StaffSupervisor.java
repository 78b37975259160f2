package care.iop.notes.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A clinical supervisor assigned to a staff member: the supervisors, besides the author, who read the author's
 * psychotherapy notes (45 CFR 164.501 keeps those apart from the rest of the record). Assigned by a clinic admin.
 */
@Entity
@IdClass(StaffSupervisor.Key.class)
public class StaffSupervisor extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID clinicId;
        public UUID staffId;
        public UUID supervisorId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(staffId, k.staffId)
                    && Objects.equals(supervisorId, k.supervisorId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, staffId, supervisorId);
        }
    }

    @Id
    public UUID clinicId;
    @Id
    public UUID staffId;
    @Id
    public UUID supervisorId;
    public Instant since;
    public String assignedBy;

    public static boolean isAssigned(UUID clinicId, UUID staffId, UUID supervisorId) {
        return count("clinicId = ?1 and staffId = ?2 and supervisorId = ?3", clinicId, staffId, supervisorId) > 0;
    }
}
