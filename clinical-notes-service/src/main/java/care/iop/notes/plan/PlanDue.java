package care.iop.notes.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** An admission (from intake) whose initial treatment plan is due by {@code dueAt}. */
@Entity
@IdClass(PlanDue.Key.class)
public class PlanDue extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID clinicId;
        public UUID patientId;
        public UUID admissionId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(patientId, k.patientId)
                    && Objects.equals(admissionId, k.admissionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, patientId, admissionId);
        }
    }

    @Id
    public UUID clinicId;
    @Id
    public UUID patientId;
    @Id
    public UUID admissionId;
    public LocalDate admittedOn;
    public Instant dueAt;
}
