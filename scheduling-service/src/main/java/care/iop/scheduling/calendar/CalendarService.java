package care.iop.scheduling.calendar;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.room.Room;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Calendars: a patient's week and .ics feed (audited), a facilitator's day, a room's day. */
@ApplicationScoped
public class CalendarService {

    /** A patient's bookings in one week with their sessions, and the week's compliance (null if none yet). */
    public record PatientWeek(UUID patientId, LocalDate weekStart, List<Booking> bookings, Map<UUID, Session> sessions,
                              ComplianceWeek compliance) {
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    AuditLog audit;

    /** A patient's sessions in the week (Monday to Sunday) of {@code date}; audited as a read of their schedule. */
    @Transactional
    @RetryOnConflict
    public PatientWeek patientWeek(UUID patientId, LocalDate date) {
        Enrollment enrollment = latestEnrollment(patientId);
        LocalDate weekStart = ComplianceService.weekStart(date != null ? date : LocalDate.now());
        List<Booking> bookings = Booking.list("patientId = ?1 and clinicId = ?2 and status <> ?3 and sessionId in "
                        + "(select s.id from Session s where s.localDate between ?4 and ?5) order by startsAt",
                patientId, enrollment.clinicId, BookingStatus.CANCELLED, weekStart, weekStart.plusDays(6));
        Map<UUID, Session> byId = sessionsOf(bookings);
        ComplianceWeek week = ComplianceWeek.<ComplianceWeek>find("enrollmentId = ?1 and weekStart = ?2",
                enrollment.id, weekStart).firstResultOptional().orElse(null);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "PatientSchedule", patientId, patientId,
                enrollment.clinicId));
        return new PatientWeek(patientId, weekStart, bookings, byId, week);
    }

    /**
     * A patient's sessions from 30 days back to everything booked ahead, as calendar events; cancelled ones stay as
     * cancelled so calendars remove them. Audited as an export of their schedule.
     */
    @Transactional
    @RetryOnConflict
    public List<ICalendar.Event> patientCalendar(UUID patientId) {
        Enrollment enrollment = latestEnrollment(patientId);
        List<Booking> bookings = Booking.list("patientId = ?1 and clinicId = ?2 and status <> ?3 and endsAt > ?4 "
                        + "order by startsAt", patientId, enrollment.clinicId, BookingStatus.WAITLIST,
                Instant.now().minus(30, ChronoUnit.DAYS));
        Map<UUID, Session> byId = sessionsOf(bookings);
        Map<UUID, String> rooms = Room.<Room>list("clinicId", enrollment.clinicId).stream()
                .collect(Collectors.toMap(r -> r.id, r -> r.name));
        List<ICalendar.Event> events = bookings.stream().map(b -> {
            Session s = byId.get(b.sessionId);
            boolean cancelled = b.status == BookingStatus.CANCELLED || s.status == SessionStatus.CANCELLED;
            return new ICalendar.Event(b.id, s.startsAt, s.endsAt, title(s), s.roomId != null ? rooms.get(s.roomId)
                    : "Telehealth", s.joinUrl, cancelled ? ICalendar.CANCELLED : ICalendar.CONFIRMED,
                    b.version + s.version, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }).toList();
        audit.record(AuditLog.Entry.success(AuditAction.EXPORT, "PatientSchedule", patientId, patientId,
                enrollment.clinicId));
        return events;
    }

    /** A facilitator's sessions on one local day of the caller's clinic, in start order. */
    public List<Session> facilitatorDay(UUID staffId, LocalDate day) {
        return Session.<Session>list("clinicId = ?1 and localDate = ?2 and status <> ?3 order by startsAt",
                caller.requireClinicId(), day, SessionStatus.ENTERED_IN_ERROR).stream()
                .filter(s -> s.facilitatorIds.contains(staffId)).toList();
    }

    /** A room's sessions on one local day, in start order. */
    public List<Session> roomDay(UUID roomId, LocalDate day) {
        Room room = clinicScope.require(Room.class, roomId);
        return Session.<Session>list("roomId = ?1 and localDate = ?2 and status <> ?3 order by startsAt",
                room.id, day, SessionStatus.ENTERED_IN_ERROR);
    }

    /** Patients are known here only through an enrollment in the caller's clinic; anyone else is 404. */
    private Enrollment latestEnrollment(UUID patientId) {
        return Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 order by createdAt desc",
                        caller.requireClinicId(), patientId).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Patient", patientId));
    }

    private static Map<UUID, Session> sessionsOf(List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return Map.of();
        }
        return Session.<Session>list("id in ?1", bookings.stream().map(b -> b.sessionId).distinct().toList()).stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
    }

    private static String title(Session s) {
        String kind = s.kind.value().replace('-', ' ');
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
