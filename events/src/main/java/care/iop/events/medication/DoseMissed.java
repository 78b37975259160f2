package care.iop.events.medication;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.medication.dose.missed.v1}: A scheduled dose was not given within its window. Key (subject): the
 * patient id.
 */
public record DoseMissed(
        UUID orderId,
        String medicationCode,
        Instant scheduledFor,
        Instant windowEndedAt) implements EventData {
}
