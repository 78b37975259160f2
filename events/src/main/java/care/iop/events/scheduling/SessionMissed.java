package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.session.missed.v1}: A patient missed a booked session. Key (subject): the patient id.
 */
public record SessionMissed(
        UUID sessionId,
        SessionKind kind,
        boolean excused,
        Instant sessionStartsAt,
        int consecutiveUnexcused) implements EventData {
}
