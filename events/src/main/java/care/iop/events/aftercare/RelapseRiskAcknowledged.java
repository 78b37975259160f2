package care.iop.events.aftercare;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.relapse-risk.acknowledged.v1}: A case manager acknowledged a relapse-risk flag with the
 * action taken (a code, never free text). Key (subject): the patient id.
 */
public record RelapseRiskAcknowledged(
        UUID flagId,
        UUID acknowledgedBy,
        String actionCode,
        Instant acknowledgedAt) implements EventData {
}
