package care.iop.events.scheduling;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code care.iop.scheduling.session.scheduled.v1}: A session was scheduled. Key (subject): the session id. */
public record SessionScheduled(
        UUID sessionId,
        SessionKind kind,
        Modality modality,
        @Nullable UUID trackId,
        @Nullable UUID seriesId,
        Instant startsAt,
        Instant endsAt,
        String timeZone,
        List<UUID> facilitatorIds) implements EventData {
}
