package care.iop.medication.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A safety finding at ordering time and the prescriber's acknowledgement or override of it. */
@Entity
@Table(name = "order_safety_finding")
public class SafetyFindingRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID orderId;
    public String rule;
    public String severity;
    public UUID conflictingOrderId;
    /** acknowledged (a warning) or overridden (a contraindication). */
    public String resolution;
    public String reasonCode;
    public String reasonNote;
    public UUID resolvedBy;
}
