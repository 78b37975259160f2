package care.iop.events.medication;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.medication.dose.administered.v1}: A dose was administered or dispensed (medication
 * administration record). Key (subject): the patient id.
 */
public record DoseAdministered(
        UUID administrationId,
        UUID orderId,
        String medicationCode,
        Instant administeredAt,
        boolean takeHome,
        int takeHomeDoses) implements EventData {
}
