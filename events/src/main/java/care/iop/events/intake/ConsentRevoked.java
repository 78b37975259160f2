package care.iop.events.intake;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.intake.consent.revoked.v1}: A patient revoked a consent; no further disclosures under it. Key
 * (subject): the patient id.
 */
public record ConsentRevoked(
        UUID consentId,
        Instant revokedAt) implements EventData {
}
