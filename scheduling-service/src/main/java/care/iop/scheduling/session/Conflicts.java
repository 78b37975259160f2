package care.iop.scheduling.session;

import care.iop.common.locking.AdvisoryLocks;
import care.iop.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Double-booking checks for rooms, facilitators and patients, within one clinic. Callers first {@link #lock} every
 * room, staff member and patient a change touches: the locks last until the transaction ends, so two concurrent
 * requests for the same person or room are checked one after the other and cannot both pass.
 */
@ApplicationScoped
public class Conflicts {

    /** A session that still takes up its time (not cancelled, not entered in error). */
    private static final String LIVE = "status in ('BOOKED', 'FULFILLED')";
    private static final String OVERLAPS = " and id <> :self and starts_at < :end and ends_at > :start";

    public record Clash(String what, UUID sessionId) {
    }

    @Inject
    EntityManager em;

    @Inject
    AdvisoryLocks locks;

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
            Optional<UUID> other = first("select id from session where clinic_id = :clinic and room_id = :resource and "
                    + LIVE + OVERLAPS + " order by starts_at limit 1", s.clinicId, s.roomId, s.id, s.startsAt, s.endsAt);
            if (other.isPresent()) {
                return Optional.of(new Clash("The room is in use by another session at that time", other.get()));
            }
        }
        for (UUID facilitator : s.facilitatorIds) {
            Optional<UUID> other = first("select id from session where clinic_id = :clinic and :resource = "
                    + "any(facilitator_ids) and " + LIVE + OVERLAPS + " order by starts_at limit 1", s.clinicId,
                    facilitator, s.id, s.startsAt, s.endsAt);
            if (other.isPresent()) {
                return Optional.of(new Clash("A facilitator is leading another session at that time", other.get()));
            }
        }
        return Optional.empty();
    }

    /** The session a patient is already booked into that overlaps [start, end), other than {@code self}. */
    public Optional<UUID> patientConflict(UUID clinicId, UUID patientId, Instant start, Instant end, UUID self) {
        return first("select session_id from booking where clinic_id = :clinic and patient_id = :resource and status in "
                + "('BOOKED', 'CHECKED_IN', 'FULFILLED', 'NOSHOW') and session_id <> :self "
                + "and starts_at < :end and ends_at > :start order by starts_at limit 1", clinicId, patientId, self,
                start, end);
    }

    public void checkPatient(UUID clinicId, UUID patientId, Instant start, Instant end, UUID self) {
        patientConflict(clinicId, patientId, start, end, self).ifPresent(other -> {
            throw ProblemException.conflict("The patient is booked into another session at that time",
                    "conflictingSessionId", other);
        });
    }

    private Optional<UUID> first(String sql, UUID clinic, UUID resource, UUID self, Instant start, Instant end) {
        return em.createNativeQuery(sql, UUID.class).setParameter("clinic", clinic).setParameter("resource", resource)
                .setParameter("self", self).setParameter("start", start).setParameter("end", end).getResultStream()
                .findFirst().map(UUID.class::cast);
    }
}
