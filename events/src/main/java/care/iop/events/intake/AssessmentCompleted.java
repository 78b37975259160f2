package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.intake.assessment.completed.v1}: An ASAM multidimensional assessment was completed with a level-
 * of-care decision. Key (subject): the patient id.
 */
public record AssessmentCompleted(
        UUID assessmentId,
        AsamDimensions dimensions,
        LevelOfCare recommendedLevel,
        LevelOfCare finalLevel,
        String ruleTableVersion,
        List<String> firedRules,
        Instant completedAt) implements EventData {
}
