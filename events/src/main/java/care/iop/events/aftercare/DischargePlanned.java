package care.iop.events.aftercare;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;
import care.iop.events.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.discharge.planned.v1}: A discharge plan was made or changed. Key (subject): the
 * patient id.
 */
public record DischargePlanned(
        UUID planId,
        UUID episodeId,
        LocalDate targetDate,
        LevelOfCare stepDownLevel,
        @Nullable UUID receivingPartnerId,
        @Nullable Instant firstAppointmentAt,
        @Nullable MatContinuity matContinuityBy) implements EventData {
}
