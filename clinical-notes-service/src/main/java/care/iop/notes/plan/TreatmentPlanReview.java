package care.iop.notes.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A periodic review of a plan version with a progress rating for each of its objectives. */
@Entity
public class TreatmentPlanReview extends PanacheEntityBase {

    public record ObjectiveRating(UUID objectiveId, PlanContent.Rating rating, String comment) {
    }

    @Id
    public UUID id;
    public UUID planId;
    public UUID clinicId;
    public int planVersion;
    public UUID reviewedBy;
    public Instant reviewedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<ObjectiveRating> ratings;
    public String summary;
    public LocalDate nextReviewDue;
}
