package care.iop.events.medication;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.medication.drug-screen.resulted.v1}: A drug screen's results were recorded. Key (subject): the
 * patient id.
 */
public record DrugScreenResulted(
        UUID screenId,
        Instant resultedAt,
        List<SubstanceResult> substances,
        boolean unexpectedPositive) implements EventData {
}
