package care.iop.events.scheduling;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.enrollment.started.v1}: A patient was enrolled in a program track's sessions. Key
 * (subject): the patient id.
 */
public record EnrollmentStarted(
        UUID enrollmentId,
        UUID trackId,
        String trackCode,
        @Nullable UUID admissionId,
        LocalDate startDate) implements EventData {
}
