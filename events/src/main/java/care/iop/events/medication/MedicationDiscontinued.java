package care.iop.events.medication;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.medication.medication.discontinued.v1}: A medication order was discontinued. Key (subject): the
 * patient id.
 */
public record MedicationDiscontinued(
        UUID orderId,
        String medicationCode,
        String reasonCode,
        Instant discontinuedAt) implements EventData {
}
