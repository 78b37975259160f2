package care.iop.notes.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** One version of a plan, as written; never changed afterwards. */
@Entity
public class TreatmentPlanVersion extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID planId;
    public UUID clinicId;
    public int planVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public PlanContent content;
    public boolean patientParticipated;
    public Instant patientSignedAt;
    public UUID createdBy;
    public Instant createdAt;
}
