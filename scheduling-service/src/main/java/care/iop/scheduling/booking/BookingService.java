package care.iop.scheduling.booking;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.EventType;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.FeatureOrder;
import care.iop.scheduling.Slice;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.enrollment.EnrollmentEvents;
import care.iop.scheduling.enrollment.FirstBooking;
import care.iop.scheduling.enrollment.FirstBookingRules;
import care.iop.scheduling.patient.KnownPatient;
import care.iop.scheduling.session.Occupancy;
import care.iop.scheduling.session.RoomAndStaffConflicts;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionEvents;
import care.iop.scheduling.session.SessionStatus;
import care.iop.scheduling.track.Track;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Places patients in sessions: no double-booking ({@link PatientConflicts}), the group size limit kept, a waitlist
 * when full. Follows the sessions and enrollments below it by observing their events, and announces its own
 * ({@link BookingEvents}) to compliance and authorization above it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BookingService implements Occupancy {

    /** Something the scheduler should know about a booking that was still made. */
    public record Warning(String code, String detail) {
    }

    public record Result(Booking booking, List<Warning> warnings) {
    }

    /** A session and its live bookings (participants and waitlist), in booking order. */
    public record Roster(Session session, List<Booking> bookings) {
    }

    @Inject
    EntityManager em;

    @Inject
    RoomAndStaffConflicts locks;

    @Inject
    PatientConflicts conflicts;

    @Inject
    ClinicScope clinicScope;

    @Inject
    CallerContext caller;

    @Inject
    Idempotency idempotency;

    @Inject
    AuditLog audit;

    @Inject
    Event<BookingEvents.PlaceTaken> placeTaken;

    @Inject
    Event<BookingEvents.HoursChanged> hoursChanged;

    /**
     * Books a patient with a running enrollment in the session's clinic (once per Idempotency-Key; {@code answer}
     * maps the result to the stored response). 409 awaiting the admission for a patient unknown to the clinic or
     * never enrolled in it; 404 for one whose enrollments have all ended.
     */
    @Transactional
    @RetryOnConflict
    public Response bookByHand(UUID sessionId, UUID patientId, boolean waitlistIfFull, String idempotencyKey,
                               Object requestBody, Function<Result, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> {
            Session s = clinicScope.require(Session.class, sessionId);
            KnownPatient.require(s.clinicId, patientId, EventType.PATIENT_ADMITTED);
            Enrollment e = Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3",
                    s.clinicId, patientId, Enrollment.Status.ENDED).firstResultOptional()
                    .orElseThrow(() -> noRunningEnrollment(s.clinicId, patientId));
            Result result = book(s, e, waitlistIfFull);
            Booking b = result.booking();
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Booking", b.id, b.patientId, b.clinicId));
            return answer.apply(result);
        });
    }

    /**
     * Without any enrollment in the clinic the admission that opens one has not arrived yet (409 awaiting it); with
     * ended ones only, the patient was discharged or withdrawn and there is nothing to wait for (404).
     */
    private static ProblemException noRunningEnrollment(UUID clinicId, UUID patientId) {
        if (Enrollment.count("clinicId = ?1 and patientId = ?2", clinicId, patientId) == 0) {
            return ProblemException.awaiting(EventType.PATIENT_ADMITTED.type(),
                    "The patient has no enrollment in this clinic yet");
        }
        return ProblemException.notFound("Enrollment of patient", patientId);
    }

    /** One booking of the caller's clinic, audited as read. */
    @Transactional
    @RetryOnConflict
    public Booking get(UUID id) {
        Booking b = clinicScope.require(Booking.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Booking", b.id, b.patientId, b.clinicId));
        return b;
    }

    /**
     * Bookings of the caller's clinic with their sessions, in session order, for the FHIR faces (Appointment, and
     * Encounter once attendance is recorded): one patient's ({@code patientId}), one booking ({@code bookingId}), or
     * both; with attendance recorded only, when {@code recordedOnly}; those {@code matching} accepts; the page from
     * {@code offset}, at most {@code count}, with the number that matched. Another clinic's bookings match nothing.
     * Every booking served is audited as read, as {@link #get} does; those not served are not.
     */
    @Transactional
    @RetryOnConflict
    public Slice<Visit> visits(UUID patientId, UUID bookingId, boolean recordedOnly, Predicate<Visit> matching,
                               int offset, int count) {
        if (patientId == null && bookingId == null) {
            throw new IllegalArgumentException("Visits are found by patient or by booking");
        }
        UUID clinic = caller.requireClinicId();
        StringBuilder q = new StringBuilder("clinicId = :clinic");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic));
        if (patientId != null) {
            q.append(" and patientId = :patient");
            p.put("patient", patientId);
        }
        if (bookingId != null) {
            q.append(" and id = :id");
            p.put("id", bookingId);
        }
        if (recordedOnly) {
            q.append(" and attendance is not null");
        }
        List<Booking> rows = Booking.list(q + " order by startsAt, id", p);
        Map<UUID, Session> sessions = rows.isEmpty() ? Map.of()
                : Session.<Session>list("id in ?1", rows.stream().map(b -> b.sessionId).distinct().toList())
                .stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        List<Visit> matches = rows.stream().map(b -> Visit.of(b, sessions.get(b.sessionId))).filter(matching).toList();
        Slice<Visit> page = Slice.of(matches, offset, count);
        audit.recordAll(page.items().stream().map(v -> AuditLog.Entry.success(AuditAction.READ, "Booking",
                v.bookingId(), v.patientId(), clinic)).toList());
        return page;
    }

    /**
     * All bookings of one patient of the caller's clinic with their sessions, in session order (waitlisted and
     * cancelled ones too), each audited as read as {@link #visits} does (none found is one read of the patient's
     * bookings, so the look is on the trail). A patient the clinic does not know is a 404.
     */
    @Transactional
    @RetryOnConflict
    public List<Visit> ofPatient(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        if (KnownPatient.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        List<Visit> found = visits(patientId, null, false, v -> true, 0, Integer.MAX_VALUE).items();
        if (found.isEmpty()) {
            audit.record(AuditLog.Entry.success(AuditAction.READ, "Booking", null, patientId, clinic));
        }
        return found;
    }

    /**
     * Cancels one booking (If-Match on its version); a place it held goes to the first patient on the waitlist who
     * is free then.
     */
    @Transactional
    @RetryOnConflict
    public Booking cancel(UUID id, String ifMatch, String reason) {
        Booking b = clinicScope.require(Booking.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        if (b.status == BookingStatus.CANCELLED || b.attendance != null) {
            throw ProblemException.illegalTransition("Booking", b.status.value(), BookingStatus.CANCELLED.value());
        }
        Session s = em.find(Session.class, b.sessionId, LockModeType.PESSIMISTIC_WRITE);
        boolean held = BookingStatus.HOLDS_PLACE.contains(b.status);
        b.status = BookingStatus.CANCELLED;
        b.statusReason = reason;
        em.flush();
        if (held) {
            hoursChanged.fire(BookingEvents.HoursChanged.on(Enrollment.findById(b.enrollmentId), s.localDate));
            promoteWaitlist(s);
        }
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Booking", b.id, b.patientId, b.clinicId));
        return b;
    }

    /** Checks a booked patient in on arrival (If-Match on the booking's version). */
    @Transactional
    @RetryOnConflict
    public Booking checkIn(UUID id, String ifMatch) {
        Booking b = clinicScope.require(Booking.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        if (b.status != BookingStatus.BOOKED) {
            throw ProblemException.illegalTransition("Booking", b.status.value(), BookingStatus.CHECKED_IN.value());
        }
        b.status = BookingStatus.CHECKED_IN;
        b.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Booking", b.id, b.patientId, b.clinicId));
        return b;
    }

    /** A session's participants and waitlist; every booking listed is audited as read. */
    @Transactional
    @RetryOnConflict
    public Roster roster(UUID sessionId) {
        Session s = clinicScope.require(Session.class, sessionId);
        List<Booking> live = liveBookings(s.id);
        audit.recordAll(live.stream()
                .map(b -> AuditLog.Entry.success(AuditAction.READ, "Booking", b.id, b.patientId, b.clinicId)).toList());
        return new Roster(s, live);
    }

    /**
     * Books a patient into a session, or onto its waitlist when the group is full and {@code waitlistIfFull}.
     * 409 (naming the session) when the patient is already in it or in an overlapping one, or when it is full and
     * the caller did not ask for the waitlist.
     */
    Result book(Session session, Enrollment enrollment, boolean waitlistIfFull) {
        locks.lock(List.of(enrollment.patientId));
        Session s = em.find(Session.class, session.id, LockModeType.PESSIMISTIC_WRITE);
        if (s.status != SessionStatus.BOOKED && s.status != SessionStatus.FULFILLED) {
            throw ProblemException.conflict("The session is " + s.status.value(), "conflictingSessionId", s.id);
        }
        Booking.<Booking>find("sessionId = ?1 and patientId = ?2 and status <> ?3", s.id, enrollment.patientId,
                BookingStatus.CANCELLED).firstResultOptional().ifPresent(existing -> {
                    throw ProblemException.conflict("The patient is already booked into this session",
                            "conflictingSessionId", s.id);
                });
        conflicts.check(s.clinicId, enrollment.patientId, s.startsAt, s.endsAt, s.id);
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
            BookingEvents.PlaceTaken taken = new BookingEvents.PlaceTaken(b, s);
            placeTaken.fire(taken);
            warnings.addAll(taken.warnings());
            em.flush();
            hoursChanged.fire(BookingEvents.HoursChanged.on(enrollment, s.localDate));
        }
        return new Result(b, warnings);
    }

    /**
     * Books into a session on the patient's behalf (enrollment); a clash is skipped, not raised, and so is a full
     * group unless {@code waitlistIfFull}.
     */
    Optional<Booking> bookIfFree(Session s, Enrollment enrollment, boolean waitlistIfFull) {
        locks.lock(List.of(enrollment.patientId));
        if (Booking.count("sessionId = ?1 and patientId = ?2 and status <> ?3", s.id, enrollment.patientId,
                BookingStatus.CANCELLED) > 0
                || conflicts.conflict(s.clinicId, enrollment.patientId, s.startsAt, s.endsAt, s.id).isPresent()
                || (!waitlistIfFull && occupied(s.id) >= s.capacity)) {
            return Optional.empty();
        }
        return Optional.of(book(s, enrollment, waitlistIfFull).booking());
    }

    /** A track's new group session: every active enrollment that has started by then gets a place. */
    void onSessionAdded(@Observes @Priority(FeatureOrder.BOOKING) SessionEvents.Added event) {
        Session s = event.session();
        if (s.trackId == null || !s.isGroup()) {
            return;
        }
        for (Enrollment e : Enrollment.<Enrollment>list("trackId = ?1 and status = ?2 and startDate <= ?3",
                s.trackId, Enrollment.Status.ACTIVE, s.localDate)) {
            bookIfFree(s, e, true);
        }
    }

    /** The session moved: its bookings keep their places if every booked patient is free at the new time. */
    void onSessionMoved(@Observes @Priority(FeatureOrder.BOOKING) SessionEvents.Moved event) {
        Session s = event.session();
        List<Booking> live = liveBookings(s.id);
        locks.lock(live.stream().map(b -> b.patientId).toList());
        for (Booking b : live) {
            if (BookingStatus.HOLDS_PLACE.contains(b.status)) {
                conflicts.check(s.clinicId, b.patientId, s.startsAt, s.endsAt, s.id);
            }
            b.startsAt = s.startsAt;
            b.endsAt = s.endsAt;
        }
        em.flush();
        live.stream().filter(b -> BookingStatus.HOLDS_PLACE.contains(b.status)).forEach(b -> hoursChanged.fire(
                new BookingEvents.HoursChanged(Enrollment.findById(b.enrollmentId),
                        List.of(s.localDate, event.previousDate()))));
    }

    /** The session was cancelled: every booking is released. */
    void onSessionCancelled(@Observes @Priority(FeatureOrder.BOOKING) SessionEvents.Cancelled event) {
        Session s = event.session();
        int released = 0;
        for (Booking b : liveBookings(s.id)) {
            boolean held = BookingStatus.HOLDS_PLACE.contains(b.status);
            b.status = BookingStatus.CANCELLED;
            b.statusReason = event.reason();
            if (held) {
                released++;
            }
        }
        em.flush();
        Booking.<Booking>list("sessionId = ?1", s.id).stream().map(b -> b.enrollmentId).distinct().forEach(id ->
                hoursChanged.fire(BookingEvents.HoursChanged.on(Enrollment.findById(id), s.localDate)));
        event.released(released);
    }

    /** Upcoming sessions took a new capacity: free places go to their waitlists. */
    void onCapacityChanged(@Observes @Priority(FeatureOrder.BOOKING) SessionEvents.CapacityChanged event) {
        event.sessions().forEach(this::promoteWaitlist);
    }

    /**
     * An enrollment became active: it is booked into its track's group sessions from that date, those already held
     * in the last days included ({@link FirstBookingRules}); what was booked is reported on the event.
     */
    void onEnrollmentActivated(@Observes @Priority(FeatureOrder.BOOKING) EnrollmentEvents.Activated event) {
        Enrollment e = event.enrollment();
        Track track = em.find(Track.class, e.trackId);
        Instant now = Instant.now();
        LocalDate bookedFrom = FirstBookingRules.bookedFrom(event.from(), LocalDate.ofInstant(now, track.zone()));
        int held = 0;
        int upcoming = 0;
        int waitlisted = 0;
        int notBooked = 0;
        for (Session s : Session.<Session>list("trackId = ?1 and localDate >= ?2 order by startsAt", e.trackId,
                bookedFrom)) {
            FirstBookingRules.Choice choice = FirstBookingRules.choose(bookedFrom, now, s.localDate, s.startsAt,
                    s.status, s.isGroup());
            if (choice == FirstBookingRules.Choice.SKIP) {
                continue;
            }
            Optional<Booking> booked = bookIfFree(s, e, choice == FirstBookingRules.Choice.UPCOMING);
            if (booked.isEmpty()) {
                notBooked++;
            } else if (booked.get().status == BookingStatus.WAITLIST) {
                waitlisted++;
            } else if (choice == FirstBookingRules.Choice.HELD) {
                held++;
            } else {
                upcoming++;
            }
        }
        event.booked(new FirstBooking(bookedFrom, held, upcoming, waitlisted, notBooked));
    }

    /**
     * An enrollment ended: everything not attended after its last day goes, including sessions between a
     * back-dated end and now; the places go to the waitlists.
     */
    void onEnrollmentEnded(@Observes @Priority(FeatureOrder.BOOKING) EnrollmentEvents.Ended event) {
        Enrollment e = event.enrollment();
        List<Booking> future = Booking.list("enrollmentId = ?1 and status in ?2 and attendance is null and sessionId in "
                + "(select s.id from Session s where s.localDate > ?3)", e.id,
                List.of(BookingStatus.BOOKED, BookingStatus.WAITLIST, BookingStatus.CHECKED_IN), event.endDate());
        int released = 0;
        for (Booking b : future) {
            boolean held = b.status != BookingStatus.WAITLIST;
            b.status = BookingStatus.CANCELLED;
            b.statusReason = "enrollment-ended";
            if (held) {
                released++;
            }
        }
        em.flush();
        future.stream().map(b -> b.sessionId).distinct()
                .forEach(id -> promoteWaitlist(em.find(Session.class, id, LockModeType.PESSIMISTIC_WRITE)));
        event.released(released);
    }

    /** Fills free places from the waitlist in order; someone now booked elsewhere at that time stays waiting. */
    void promoteWaitlist(Session s) {
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
            locks.lock(List.of(w.patientId));
            if (conflicts.conflict(s.clinicId, w.patientId, s.startsAt, s.endsAt, s.id).isEmpty()) {
                w.status = BookingStatus.BOOKED;
                em.flush();
                hoursChanged.fire(BookingEvents.HoursChanged.on(Enrollment.findById(w.enrollmentId), s.localDate));
                free--;
            }
        }
    }

    /** A session's bookings that are not cancelled, in booking order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Booking> liveBookings(UUID sessionId) {
        return Booking.list("sessionId = ?1 and status <> ?2 order by createdAt, id", sessionId, BookingStatus.CANCELLED);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long occupied(UUID sessionId) {
        return Booking.count("sessionId = ?1 and status in ?2", sessionId, BookingStatus.HOLDS_PLACE);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long waitlisted(UUID sessionId) {
        return Booking.count("sessionId = ?1 and status = ?2", sessionId, BookingStatus.WAITLIST);
    }

    /** 1-based place on the session's waitlist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int waitlistPosition(Booking b) {
        return (int) Booking.count("sessionId = ?1 and status = ?2 and (createdAt < ?3 or (createdAt = ?3 and id <= ?4))",
                b.sessionId, BookingStatus.WAITLIST, b.createdAt, b.id);
    }
}
