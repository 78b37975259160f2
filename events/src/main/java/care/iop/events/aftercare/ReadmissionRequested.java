package care.iop.events.aftercare;

import care.iop.events.EventData;
import care.iop.events.LevelOfCare;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.readmission.requested.v1}: Aftercare asked intake to readmit a discharged patient. Key
 * (subject): the patient id.
 */
public record ReadmissionRequested(
        UUID readmissionRequestId,
        @Nullable UUID followUpId,
        String reasonCode,
        @Nullable LevelOfCare requestedLevel,
        Instant requestedAt) implements EventData {
}
