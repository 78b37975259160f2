package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.intake.referral.received.v1}: A referral to the program was received. Key (subject): the patient
 * id.
 */
public record ReferralReceived(
        UUID referralId,
        ReferralSource source,
        Urgency urgency,
        @Nullable String requestedTrackCode,
        @Nullable UUID partnerId,
        Instant receivedAt) implements EventData {
}
