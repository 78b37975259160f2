package care.iop.scheduling.billing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * A treatment plan in force, projected from clinical notes' {@code treatment-plan.created} and
 * {@code treatment-plan.reviewed}: from its creation to its next review due; a review moves the due date.
 */
@Entity
public class TreatmentPlanInForce extends PanacheEntityBase {

    @Id
    public UUID planId;
    public UUID clinicId;
    public UUID patientId;
    public int planVersion;
    public Instant inForceFrom;
    public LocalDate nextReviewDue;

    /** The dates (inclusive) the plan is in force in {@code zone}; empty when its review was due before it began. */
    public Optional<BillingFacts.DateRange> dates(ZoneId zone) {
        LocalDate from = inForceFrom.atZone(zone).toLocalDate();
        return nextReviewDue.isBefore(from) ? Optional.empty()
                : Optional.of(new BillingFacts.DateRange(from, nextReviewDue));
    }
}
