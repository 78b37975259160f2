package care.iop.aftercare.risk;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.UUID;

/** One thing that happened that moves a patient's relapse risk (a missed session, an unexpected positive...). */
@Entity
public class RiskSignal extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    /** The consumed event (or follow-up) it came from: each is counted once. */
    public String sourceId;
    public String factor;
    public Instant occurredAt;
}
