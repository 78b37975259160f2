package care.iop.scheduling.calendar;

import care.iop.common.security.Roles;
import care.iop.scheduling.booking.Attendance;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.compliance.ComplianceService;
import care.iop.scheduling.compliance.ComplianceWeek;
import care.iop.scheduling.session.SessionApi.SessionView;
import care.iop.scheduling.session.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Calendars: a patient's week (and .ics feed), a facilitator's day, a room's day. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Schedules")
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
    CalendarService calendar;

    @Inject
    SessionService sessions;

    @GET
    @Path("patients/{patientId}/week")
    @Operation(summary = "A patient's sessions in one week (Monday to Sunday), with the week's hours compliance",
            description = "date is any day of the week wanted; defaults to today.")
    public PatientWeek patientWeek(@PathParam("patientId") UUID patientId, @QueryParam("date") LocalDate date) {
        CalendarService.PatientWeek week = calendar.patientWeek(patientId, date);
        return new PatientWeek(week.patientId(), week.weekStart(), week.bookings().stream().map(b -> new PatientSession(
                sessions.view(week.sessions().get(b.sessionId)), b.id, b.status, b.attendance, b.minutesAttended))
                .toList(), WeekCompliance.of(week.compliance()));
    }

    @GET
    @Path("patients/{patientId}/schedule.ics")
    @Produces(CALENDAR)
    @Operation(summary = "A patient's schedule as an iCalendar feed (RFC 5545)",
            description = "Sessions from 30 days back to everything booked ahead; cancelled ones stay in the feed "
                    + "as cancelled so calendars remove them. Titles say the kind of session only.")
    @APIResponse(responseCode = "200", description = "An iCalendar (RFC 5545) file",
            content = @Content(mediaType = CALENDAR, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response patientCalendar(@PathParam("patientId") UUID patientId) {
        List<ICalendar.Event> events = calendar.patientCalendar(patientId);
        return Response.ok(ICalendar.write("-//IOP Platform//Scheduling//EN", "IOP sessions", events, Instant.now()),
                CALENDAR + "; charset=utf-8").build();
    }

    @GET
    @Path("facilitators/{staffId}/day")
    @Operation(summary = "A facilitator's sessions on one day (local date); defaults to today")
    public Day facilitatorDay(@PathParam("staffId") UUID staffId, @QueryParam("date") LocalDate date) {
        LocalDate day = date != null ? date : LocalDate.now();
        return new Day(day, calendar.facilitatorDay(staffId, day).stream().map(sessions::view).toList());
    }

    @GET
    @Path("rooms/{roomId}/day")
    @Operation(summary = "A room's sessions on one day (local date); defaults to today")
    public Day roomDay(@PathParam("roomId") UUID roomId, @QueryParam("date") LocalDate date) {
        LocalDate day = date != null ? date : LocalDate.now();
        return new Day(day, calendar.roomDay(roomId, day).stream().map(sessions::view).toList());
    }
}
