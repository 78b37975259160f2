package care.iop.events.medication;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.medication.medication.prescribed.v1}: A medication order was written. Key (subject): the patient
 * id.
 */
public record MedicationPrescribed(
        UUID orderId,
        String medicationCode,
        String medicationClass,
        DeaSchedule deaSchedule,
        boolean mat,
        UUID prescriberId,
        LocalDate startDate,
        List<String> overriddenRules) implements EventData {
}
