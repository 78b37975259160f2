package care.iop.events.notes;

import care.iop.events.EventData;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.clinical-notes.treatment-plan.created.v1}: A treatment plan (or a new version of one) was
 * created. Key (subject): the patient id.
 */
public record TreatmentPlanCreated(
        UUID planId,
        int planVersion,
        Instant createdAt,
        int problemCount,
        int objectiveCount,
        LocalDate nextReviewDue) implements EventData {
}
