package care.iop.aftercare.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** One version of a patient's relapse-prevention plan; the highest version is the current one. */
@Entity
public class RelapsePreventionPlan extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public int planVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public PlanContent content;
    public UUID createdBy;
    public Instant createdAt;
}
