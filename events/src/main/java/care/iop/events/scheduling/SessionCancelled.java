package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.Instant;
import java.util.UUID;

/** {@code care.iop.scheduling.session.cancelled.v1}: A session was cancelled. Key (subject): the session id. */
public record SessionCancelled(
        UUID sessionId,
        SessionKind kind,
        String reasonCode,
        Instant cancelledAt,
        int affectedBookings) implements EventData {
}
