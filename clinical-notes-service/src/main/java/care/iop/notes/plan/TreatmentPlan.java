package care.iop.notes.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's treatment plan; its versions are kept, this row says which one is current. */
@Entity
public class TreatmentPlan extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public int currentVersion;
    public LocalDate nextReviewDue;
    public Instant createdAt;
    @Version
    public long version;
}
