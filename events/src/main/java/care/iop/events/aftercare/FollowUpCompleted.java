package care.iop.events.aftercare;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.follow-up.completed.v1}: An aftercare follow-up contact was completed. Key (subject):
 * the patient id.
 */
public record FollowUpCompleted(
        UUID followUpId,
        String kind,
        FollowUpOutcome outcome,
        RecoveryStatus recoveryStatus,
        @Nullable Integer phq9Total,
        Instant completedAt) implements EventData {
}
