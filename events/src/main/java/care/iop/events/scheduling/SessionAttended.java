package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.session.attended.v1}: A patient's attendance at a session was recorded. Key
 * (subject): the patient id.
 */
public record SessionAttended(
        UUID sessionId,
        SessionKind kind,
        AttendanceStatus status,
        int minutesAttended,
        Instant sessionStartsAt,
        List<UUID> facilitatorIds) implements EventData {
}
