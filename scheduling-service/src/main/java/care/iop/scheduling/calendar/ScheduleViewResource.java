package care.iop.scheduling.calendar;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.booking.Attendance;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.room.Room;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionApi.SessionView;
import care.iop.scheduling.session.SessionService;
import care.iop.scheduling.session.SessionStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Calendars: a patient's week (and .ics feed), a facilitator's day, a room's day. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Schedules")
@RetryOnConflict
public class ScheduleViewResource {

    static final String CALENDAR = "text/calendar";

    public record PatientSession(SessionView session, UUID bookingId, BookingStatus bookingStatus,
                                 Attendance attendance, Integer minutesAttended) {
    }

    public record WeekCompliance(String status, BigDecimal scheduledHours, BigDecimal attendedHours,
                                 BigDecimal targetHours) {
        static WeekCompliance of(ComplianceWeek w) {
            return w == null ? null : new WeekCompliance(w.status.value(), ComplianceService.hours(w.scheduledMinutes),
                    ComplianceService.hours(w.attendedMinutes), ComplianceService.hours(w.targetMinutes));
        }
    }

    public record PatientWeek(UUID patientId, LocalDate weekStart, List<PatientSession> sessions,
                              WeekCompliance compliance) {
    }

    public record Day(LocalDate date, List<SessionView> sessions) {
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    SessionService sessions;

    @Inject
    AuditLog audit;

    @GET
    @Path("patients/{patientId}/week")
    @Transactional
    @Operation(summary = "A patient's sessions in one week (Monday to Sunday), with the week's hours compliance",
            description = "date is any day of the week wanted; defaults to today.")
    public PatientWeek patientWeek(@PathParam("patientId") UUID patientId, @QueryParam("date") LocalDate date) {
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
        return new PatientWeek(patientId, weekStart, bookings.stream().map(b -> new PatientSession(
                sessions.view(byId.get(b.sessionId)), b.id, b.status, b.attendance, b.minutesAttended)).toList(),
                WeekCompliance.of(week));
    }

    @GET
    @Path("patients/{patientId}/schedule.ics")
    @Produces(CALENDAR)
    @Transactional
    @Operation(summary = "A patient's schedule as an iCalendar feed (RFC 5545)",
            description = "Sessions from 30 days back to everything booked ahead; cancelled ones stay in the feed "
                    + "as cancelled so calendars remove them. Titles say the kind of session only.")
    public Response patientCalendar(@PathParam("patientId") UUID patientId) {
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
        return Response.ok(ICalendar.write("-//IOP Platform//Scheduling//EN", "IOP sessions", events, Instant.now()),
                CALENDAR + "; charset=utf-8").build();
    }

    @GET
    @Path("facilitators/{staffId}/day")
    @Operation(summary = "A facilitator's sessions on one day (local date); defaults to today")
    public Day facilitatorDay(@PathParam("staffId") UUID staffId, @QueryParam("date") LocalDate date) {
        LocalDate day = date != null ? date : LocalDate.now();
        List<Session> list = Session.<Session>list("clinicId = ?1 and localDate = ?2 and status <> ?3 order by startsAt",
                caller.requireClinicId(), day, SessionStatus.ENTERED_IN_ERROR).stream()
                .filter(s -> s.facilitatorIds.contains(staffId)).toList();
        return new Day(day, list.stream().map(sessions::view).toList());
    }

    @GET
    @Path("rooms/{roomId}/day")
    @Operation(summary = "A room's sessions on one day (local date); defaults to today")
    public Day roomDay(@PathParam("roomId") UUID roomId, @QueryParam("date") LocalDate date) {
        Room room = clinicScope.require(Room.class, roomId);
        LocalDate day = date != null ? date : LocalDate.now();
        return new Day(day, Session.<Session>list("roomId = ?1 and localDate = ?2 and status <> ?3 order by startsAt",
                room.id, day, SessionStatus.ENTERED_IN_ERROR).stream().map(sessions::view).toList());
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
