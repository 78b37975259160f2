package care.iop.events.notes;

import care.iop.events.EventData;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.clinical-notes.treatment-plan.reviewed.v1}: A treatment plan was reviewed. Key (subject): the
 * patient id.
 */
public record TreatmentPlanReviewed(
        UUID planId,
        int planVersion,
        Instant reviewedAt,
        LocalDate nextReviewDue,
        int objectivesRated) implements EventData {
}
