package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.enrollment.ended.v1}: An enrollment ended; its future session bookings were released.
 * Key (subject): the patient id.
 */
public record EnrollmentEnded(
        UUID enrollmentId,
        LocalDate endDate,
        EnrollmentEndReason reason,
        int releasedBookings) implements EventData {
}
