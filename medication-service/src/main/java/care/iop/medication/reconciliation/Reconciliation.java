package care.iop.medication.reconciliation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** Admission medication reconciliation, completed by a prescriber: a decision for every home medication. */
@Entity
public class Reconciliation extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID completedBy;
    public Instant completedAt;
}
