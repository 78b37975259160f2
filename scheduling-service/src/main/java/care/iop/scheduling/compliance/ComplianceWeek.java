package care.iop.scheduling.compliance;

import care.iop.events.scheduling.ComplianceStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One enrollment's hours in one week (Monday to Sunday, clinic time) and the compliance status they give. */
@Entity
public class ComplianceWeek extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID enrollmentId;
    public LocalDate weekStart;
    public UUID clinicId;
    public UUID patientId;
    @Enumerated(EnumType.STRING)
    public ComplianceStatus status;
    public int scheduledMinutes;
    public int attendedMinutes;
    public int targetMinutes;
    /** The week is over and its status final (late attendance entries still reopen the figures). */
    public boolean closed;
    public Instant updatedAt;
    @Version
    public long version;
}
