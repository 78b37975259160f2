package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.intake.screening.completed.v1}: A standardised screening instrument was completed and scored.
 * Key (subject): the patient id.
 */
public record ScreeningCompleted(
        UUID screeningId,
        ScreeningInstrument instrument,
        @Nullable String loinc,
        int total,
        String band,
        List<String> flags,
        @Nullable Integer changeFromBaseline,
        Instant completedAt) implements EventData {
}
