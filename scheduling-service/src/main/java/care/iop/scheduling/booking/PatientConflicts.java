package care.iop.scheduling.booking;

import care.iop.common.problem.ProblemException;
import care.iop.scheduling.SqlEnums;
import care.iop.scheduling.session.ConflictRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient is never in two overlapping sessions of a clinic: a booking that holds a place
 * ({@link BookingStatus#HOLDS_PLACE}) takes the patient's time, and the overlap rule is {@link ConflictRules}'s.
 * Callers lock the patient first (see {@code RoomAndStaffConflicts.lock}).
 */
@ApplicationScoped
public class PatientConflicts {

    private static final String SQL = "select session_id from booking where clinic_id = :clinic "
            + "and patient_id = :patient and status in (:holdsPlace) and session_id <> :self and "
            + ConflictRules.overlapsSql("starts_at", "ends_at") + " order by starts_at limit 1";

    @Inject
    EntityManager em;

    /** The session a patient is already booked into that overlaps [start, end), other than {@code self}. */
    public Optional<UUID> conflict(UUID clinicId, UUID patientId, Instant start, Instant end, UUID self) {
        return em.createNativeQuery(SQL, UUID.class).setParameter("clinic", clinicId)
                .setParameter("patient", patientId)
                .setParameter("holdsPlace", SqlEnums.names(BookingStatus.HOLDS_PLACE))
                .setParameter("self", self).setParameter("start", start).setParameter("end", end).getResultStream()
                .findFirst().map(UUID.class::cast);
    }

    /** Refuses (409, naming the other session) a patient already booked into an overlapping session. */
    public void check(UUID clinicId, UUID patientId, Instant start, Instant end, UUID self) {
        conflict(clinicId, patientId, start, end, self).ifPresent(other -> {
            throw ProblemException.conflict(ConflictRules.PATIENT_TAKEN, "conflictingSessionId", other);
        });
    }
}
