package care.iop.scheduling.session;

import care.iop.common.locking.AdvisoryLocks;
import care.iop.common.problem.ProblemException;
import care.iop.scheduling.SqlEnums;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Double-booking checks for rooms and facilitators within one clinic, by the rules of {@link ConflictRules}.
 * Callers first {@link #lock} every room, staff member and patient a change touches: the locks last until the
 * transaction ends, so two concurrent requests for the same person or room are checked one after the other and
 * cannot both pass.
 */
@ApplicationScoped
public class RoomAndStaffConflicts {

    private static final String OTHER_LIVE_OVERLAPPING = " and status in (:live) and id <> :self and "
            + ConflictRules.overlapsSql("starts_at", "ends_at") + " order by starts_at limit 1";

    public record Clash(String what, UUID sessionId) {
    }

    @Inject
    EntityManager em;

    @Inject
    AdvisoryLocks locks;

    /** Locks rooms, staff members or patients (one lock space for all of scheduling) until the transaction ends. */
    public void lock(Collection<UUID> resources) {
        locks.lock("scheduling", resources);
    }

    /** Refuses (409, naming the other session) a room or facilitator already in an overlapping session. */
    public void checkRoomAndStaff(Session s) {
        roomOrStaffConflict(s).ifPresent(c -> {
            throw ProblemException.conflict(c.what(), "conflictingSessionId", c.sessionId());
        });
    }

    public Optional<Clash> roomOrStaffConflict(Session s) {
        if (s.roomId != null) {
            Optional<UUID> other = first("select id from session where clinic_id = :clinic and room_id = :resource"
                    + OTHER_LIVE_OVERLAPPING, s.clinicId, s.roomId, s.id, s.startsAt, s.endsAt);
            if (other.isPresent()) {
                return Optional.of(new Clash(ConflictRules.ROOM_TAKEN, other.get()));
            }
        }
        for (UUID facilitator : s.facilitatorIds) {
            Optional<UUID> other = first("select id from session where clinic_id = :clinic and :resource = "
                    + "any(facilitator_ids)" + OTHER_LIVE_OVERLAPPING, s.clinicId, facilitator, s.id, s.startsAt,
                    s.endsAt);
            if (other.isPresent()) {
                return Optional.of(new Clash(ConflictRules.FACILITATOR_TAKEN, other.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<UUID> first(String sql, UUID clinic, UUID resource, UUID self, Instant start, Instant end) {
        return em.createNativeQuery(sql, UUID.class).setParameter("clinic", clinic).setParameter("resource", resource)
                .setParameter("live", SqlEnums.names(ConflictRules.SESSION_TAKES_TIME))
                .setParameter("self", self).setParameter("start", start).setParameter("end", end).getResultStream()
                .findFirst().map(UUID.class::cast);
    }
}
