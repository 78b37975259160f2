package care.iop.scheduling.booking;

import care.iop.common.problem.ProblemException;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.authorization.Authorizations;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.session.Conflicts;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Places patients in sessions: no double-booking, the group size limit kept, a waitlist when full. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BookingService {

    /** Something the scheduler should know about a booking that was still made. */
    public record Warning(String code, String detail) {
    }

    public record Result(Booking booking, List<Warning> warnings) {
    }

    @Inject
    EntityManager em;

    @Inject
    Conflicts conflicts;

    @Inject
    ComplianceService compliance;

    @Inject
    Authorizations authorizations;

    /**
     * Books a patient into a session, or onto its waitlist when the group is full and {@code waitlistIfFull}.
     * 409 (naming the session) when the patient is already in it or in an overlapping one, or when it is full and
     * the caller did not ask for the waitlist.
     */
    public Result book(Session session, Enrollment enrollment, boolean waitlistIfFull) {
        conflicts.lock(List.of(enrollment.patientId));
        Session s = em.find(Session.class, session.id, LockModeType.PESSIMISTIC_WRITE);
        if (s.status != SessionStatus.BOOKED && s.status != SessionStatus.FULFILLED) {
            throw ProblemException.conflict("The session is " + s.status.value(), "conflictingSessionId", s.id);
        }
        Booking.<Booking>find("sessionId = ?1 and patientId = ?2 and status <> ?3", s.id, enrollment.patientId,
                BookingStatus.CANCELLED).firstResultOptional().ifPresent(existing -> {
                    throw ProblemException.conflict("The patient is already booked into this session",
                            "conflictingSessionId", s.id);
                });
        conflicts.checkPatient(s.clinicId, enrollment.patientId, s.startsAt, s.endsAt, s.id);
        boolean full = occupied(s.id) >= s.capacity;
        if (full && !waitlistIfFull) {
            throw ProblemException.conflict("The session is full (" + s.capacity + " places)", "conflictingSessionId",
                    s.id);
        }
        Booking b = new Booking();
        b.id = UUID.randomUUID();
        b.clinicId = s.clinicId;
        b.sessionId = s.id;
        b.patientId = enrollment.patientId;
        b.enrollmentId = enrollment.id;
        b.startsAt = s.startsAt;
        b.endsAt = s.endsAt;
        b.status = full ? BookingStatus.WAITLIST : BookingStatus.BOOKED;
        b.createdAt = Instant.now();
        b.persist();
        List<Warning> warnings = new ArrayList<>();
        if (!full) {
            authorizationWarning(s, b).ifPresent(warnings::add);
            em.flush();
            compliance.recompute(enrollment, s);
        }
        return new Result(b, warnings);
    }

    /** Books into a session on the patient's behalf (enrollment); a clash or a full group is skipped, not raised. */
    public Optional<Booking> bookIfFree(Session s, Enrollment enrollment) {
        conflicts.lock(List.of(enrollment.patientId));
        if (Booking.count("sessionId = ?1 and patientId = ?2 and status <> ?3", s.id, enrollment.patientId,
                BookingStatus.CANCELLED) > 0
                || conflicts.patientConflict(s.clinicId, enrollment.patientId, s.startsAt, s.endsAt, s.id).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(book(s, enrollment, true).booking());
    }

    public List<Booking> liveBookings(UUID sessionId) {
        return Booking.list("sessionId = ?1 and status <> ?2 order by createdAt, id", sessionId, BookingStatus.CANCELLED);
    }

    /** The session moved: its bookings keep their places if every booked patient is free at the new time. */
    public void moveWith(Session s, List<Booking> live, LocalDate previousDate) {
        for (Booking b : live) {
            if (BookingStatus.HOLDS_PLACE.contains(b.status)) {
                conflicts.checkPatient(s.clinicId, b.patientId, s.startsAt, s.endsAt, s.id);
            }
            b.startsAt = s.startsAt;
            b.endsAt = s.endsAt;
        }
        em.flush();
        boolean otherWeek = !ComplianceService.weekStart(previousDate).equals(ComplianceService.weekStart(s.localDate));
        live.stream().filter(b -> BookingStatus.HOLDS_PLACE.contains(b.status)).forEach(b -> {
            Enrollment e = Enrollment.findById(b.enrollmentId);
            compliance.recompute(e, s);
            if (otherWeek) {
                compliance.recompute(e, ComplianceService.weekStart(previousDate));
            }
        });
    }

    /** Cancels every booking of a session (the session was cancelled); returns how many held a place. */
    public int releaseAll(Session s, String reason) {
        int released = 0;
        for (Booking b : liveBookings(s.id)) {
            boolean held = BookingStatus.HOLDS_PLACE.contains(b.status);
            b.status = BookingStatus.CANCELLED;
            b.statusReason = reason;
            if (held) {
                released++;
            }
        }
        em.flush();
        recomputeAll(s);
        return released;
    }

    /** Cancels one booking; a place it held goes to the first patient on the waitlist who is free then. */
    public void cancel(Booking b, String reason) {
        if (b.status == BookingStatus.CANCELLED || b.attendance != null) {
            throw ProblemException.illegalTransition("Booking", b.status.value(), BookingStatus.CANCELLED.value());
        }
        Session s = em.find(Session.class, b.sessionId, LockModeType.PESSIMISTIC_WRITE);
        boolean held = BookingStatus.HOLDS_PLACE.contains(b.status);
        b.status = BookingStatus.CANCELLED;
        b.statusReason = reason;
        em.flush();
        if (held) {
            compliance.recompute(Enrollment.findById(b.enrollmentId), s);
            promoteWaitlist(s);
        }
    }

    /** Fills free places from the waitlist in order; someone now booked elsewhere at that time stays waiting. */
    public void promoteWaitlist(Session s) {
        if (s.status != SessionStatus.BOOKED || !s.startsAt.isAfter(Instant.now())) {
            return;
        }
        List<Booking> waiting = Booking.list("sessionId = ?1 and status = ?2 order by createdAt, id", s.id,
                BookingStatus.WAITLIST);
        long free = s.capacity - occupied(s.id);
        for (Booking w : waiting) {
            if (free <= 0) {
                return;
            }
            conflicts.lock(List.of(w.patientId));
            if (conflicts.patientConflict(s.clinicId, w.patientId, s.startsAt, s.endsAt, s.id).isEmpty()) {
                w.status = BookingStatus.BOOKED;
                em.flush();
                compliance.recompute(Enrollment.findById(w.enrollmentId), s);
                free--;
            }
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long occupied(UUID sessionId) {
        return Booking.count("sessionId = ?1 and status in ?2", sessionId, BookingStatus.HOLDS_PLACE);
    }

    /** 1-based place on the session's waitlist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int waitlistPosition(Booking b) {
        return (int) Booking.count("sessionId = ?1 and status = ?2 and (createdAt < ?3 or (createdAt = ?3 and id <= ?4))",
                b.sessionId, BookingStatus.WAITLIST, b.createdAt, b.id);
    }

    private void recomputeAll(Session s) {
        Booking.<Booking>list("sessionId = ?1", s.id).stream().map(b -> b.enrollmentId).distinct()
                .forEach(id -> compliance.recompute(Enrollment.findById(id), s));
    }

    private Optional<Warning> authorizationWarning(Session s, Booking b) {
        return authorizations.covering(b.patientId, b.clinicId, s.localDate).stream()
                .filter(u -> u.usedUnits() > u.authorizedUnits()).findFirst()
                .map(u -> new Warning("authorized-units-exceeded", "This booking makes " + u.usedUnits()
                        + " program days between " + u.authorizedFrom() + " and " + u.authorizedTo()
                        + "; the payer authorised " + u.authorizedUnits() + " (coverage " + u.coverageId() + ")"));
    }
}
