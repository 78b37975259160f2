package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.intake.patient.waitlisted.v1}: A patient was put on a track's waitlist. Key (subject): the
 * patient id.
 */
public record PatientWaitlisted(
        UUID waitlistEntryId,
        String trackCode,
        int position,
        Instant addedAt,
        @Nullable LocalDate expectedStartDate) implements EventData {
}
