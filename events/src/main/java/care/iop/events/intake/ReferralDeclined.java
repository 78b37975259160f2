package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.intake.referral.declined.v1}: A referral was declined or referred out instead of admitted. Key
 * (subject): the patient id.
 */
public record ReferralDeclined(
        UUID referralId,
        ReferralOutcome outcome,
        String reasonCode,
        @Nullable LevelOfCare recommendedLevel,
        @Nullable UUID destinationPartnerId,
        Instant decidedAt) implements EventData {
}
