package care.iop.scheduling.booking;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.http.ETags;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.AttendanceStatus;
import care.iop.events.scheduling.SessionAttended;
import care.iop.events.scheduling.SessionMissed;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Records who came, for how long, and keeps the streak of unexcused absences and the week's hours current. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AttendanceService {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Event<BookingEvents.HoursChanged> hoursChanged;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    BookingService bookings;

    /** One patient's attendance in a roster. */
    public record Entry(UUID patientId, Attendance attendance, Integer minutesAttended) {
    }

    /** Records or corrects one patient's attendance (If-Match on the booking's version); every entry is audited. */
    @Transactional
    @RetryOnConflict
    public Booking record(UUID bookingId, String ifMatch, Attendance attendance, Integer minutesAttended) {
        Booking b = clinicScope.require(Booking.class, bookingId, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        Session s = Session.findById(b.sessionId, LockModeType.PESSIMISTIC_WRITE);
        record(s, b, attendance, minutesAttended, caller.subject());
        return b;
    }

    /**
     * Records a session's whole roster: all entries or none; one invalid entry (a patient not booked, missing
     * minutes) refuses the lot, with the entry's index in the violation. Returns the roster afterwards (audited as
     * read, like {@link BookingService#roster}).
     */
    @Transactional
    @RetryOnConflict
    public BookingService.Roster recordRoster(UUID sessionId, List<Entry> entries) {
        Session s = clinicScope.require(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String field = "entries[" + i + "]";
            if (!seen.add(entry.patientId())) {
                throw ProblemException.invalid(field + ".patientId", "appears twice");
            }
            Booking b = Booking.<Booking>find("sessionId = ?1 and patientId = ?2 and status in ?3", s.id,
                            entry.patientId(), BookingStatus.HOLDS_PLACE).withLock(LockModeType.PESSIMISTIC_WRITE)
                    .firstResultOptional().orElseThrow(() -> ProblemException.invalid(field + ".patientId",
                            "is not booked into this session"));
            try {
                record(s, b, entry.attendance(), entry.minutesAttended(), caller.subject());
            } catch (ProblemException e) {
                if (e.violations() == null || e.violations().isEmpty()) {
                    throw e;
                }
                throw ProblemException.invalid(e.violations().stream()
                        .map(v -> new Problem.Violation(field + "." + v.field(), v.message())).toList());
            }
        }
        return bookings.roster(sessionId);
    }

    /**
     * Records (or corrects) one patient's attendance. Present means the whole session; late and left early need
     * the minutes attended (fewer than the session's); absences are zero minutes.
     */
    void record(Session s, Booking b, Attendance attendance, Integer minutesAttended, String recordedBy) {
        if (!BookingStatus.HOLDS_PLACE.contains(b.status)) {
            throw ProblemException.conflict("Attendance is recorded for booked patients only; this booking is "
                    + b.status.value(), "conflictingSessionId", s.id);
        }
        if (s.status != SessionStatus.BOOKED && s.status != SessionStatus.FULFILLED) {
            throw ProblemException.conflict("The session is " + s.status.value(), "conflictingSessionId", s.id);
        }
        Instant now = Instant.now();
        if (s.startsAt.isAfter(now)) {
            throw ProblemException.conflict("The session has not started yet", "conflictingSessionId", s.id);
        }
        int duration = s.durationMinutes();
        int minutes = minutes(attendance, minutesAttended, duration);
        b.attendance = attendance;
        b.minutesAttended = minutes;
        b.status = attendance.attended() ? BookingStatus.FULFILLED : BookingStatus.NOSHOW;
        b.recordedAt = now;
        b.recordedBy = recordedBy;
        b.lateEntry = !now.isBefore(s.localDate.plusDays(1).atStartOfDay(s.zone()).toInstant());
        s.status = SessionStatus.FULFILLED;
        em.flush();

        Enrollment e = em.find(Enrollment.class, b.enrollmentId, LockModeType.PESSIMISTIC_WRITE);
        e.consecutiveUnexcused = consecutiveUnexcused(e);
        if (attendance.attended()) {
            outbox.publish(new SessionAttended(s.id, s.kind, wire(attendance), minutes, s.startsAt,
                    List.copyOf(s.facilitatorIds)), b.patientId, b.clinicId);
        } else {
            outbox.publish(new SessionMissed(s.id, s.kind, attendance == Attendance.ABSENT_EXCUSED, s.startsAt,
                    e.consecutiveUnexcused), b.patientId, b.clinicId);
        }
        hoursChanged.fire(BookingEvents.HoursChanged.on(e, s.localDate));
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Attendance", b.id, b.patientId, b.clinicId));
    }

    /** Unexcused absences since the patient last attended, newest first; excused absences neither add nor reset. */
    static int consecutiveUnexcused(List<Attendance> newestFirst) {
        int streak = 0;
        for (Attendance a : newestFirst) {
            if (a.attended()) {
                break;
            }
            if (a == Attendance.ABSENT_UNEXCUSED) {
                streak++;
            }
        }
        return streak;
    }

    private int consecutiveUnexcused(Enrollment e) {
        return consecutiveUnexcused(Booking.<Booking>list("enrollmentId = ?1 and attendance is not null "
                + "and status in ?2 order by startsAt desc, id desc", e.id,
                List.of(BookingStatus.FULFILLED, BookingStatus.NOSHOW)).stream().map(x -> x.attendance).toList());
    }

    private static int minutes(Attendance attendance, Integer given, int duration) {
        return switch (attendance) {
            case PRESENT -> {
                if (given != null && given != duration) {
                    throw ProblemException.invalid("minutesAttended", "present means the whole session ("
                            + duration + " minutes); use late or left-early for less");
                }
                yield duration;
            }
            case LATE, LEFT_EARLY -> {
                if (given == null || given < 1 || given >= duration) {
                    throw ProblemException.invalid("minutesAttended", "is required for late or left-early, between "
                            + "1 and " + (duration - 1));
                }
                yield given;
            }
            case ABSENT_EXCUSED, ABSENT_UNEXCUSED -> {
                if (given != null && given != 0) {
                    throw ProblemException.invalid("minutesAttended", "must be 0 or absent for an absence");
                }
                yield 0;
            }
        };
    }

    private static AttendanceStatus wire(Attendance a) {
        return switch (a) {
            case PRESENT -> AttendanceStatus.PRESENT;
            case LATE -> AttendanceStatus.LATE;
            case LEFT_EARLY -> AttendanceStatus.LEFT_EARLY;
            default -> throw new IllegalArgumentException("not an attendance: " + a);
        };
    }
}
