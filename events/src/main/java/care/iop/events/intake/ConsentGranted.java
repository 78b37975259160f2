package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.intake.consent.granted.v1}: A patient granted a 42 CFR Part 2 consent to disclose. Key
 * (subject): the patient id.
 */
public record ConsentGranted(
        UUID consentId,
        @Nullable UUID recipientPartnerId,
        @Nullable String recipientClass,
        List<ConsentCategory> categories,
        ConsentPurpose purpose,
        Instant expiresAt,
        Instant grantedAt) implements EventData {
}
