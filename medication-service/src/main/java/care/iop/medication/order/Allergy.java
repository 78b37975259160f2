package care.iop.medication.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A medication allergy: a catalogue medication id or a whole class. */
@Entity
public class Allergy extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public String substance;
    public String reaction;
    public String severity;
    public UUID recordedBy;
    public Instant recordedAt;
    @Version
    public long version;
}
