package care.iop.scheduling.booking;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.scheduling.session.SessionApi;
import care.iop.scheduling.session.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Patients in sessions: booking, waitlist, check-in, cancellation, attendance (one by one or the whole roster). */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
@Tag(name = "Bookings and attendance")
public class BookingResource {

    public record BookingRequest(@NotNull UUID patientId, Boolean waitlistIfFull) {
    }

    public record BookingView(UUID id, UUID sessionId, UUID patientId, UUID enrollmentId, BookingStatus status,
                              Integer waitlistPosition, Attendance attendance, Integer minutesAttended,
                              boolean lateEntry, String statusReason, List<BookingService.Warning> warnings,
                              long version) {
    }

    public record ReasonRequest(@NotNull @Pattern(regexp = SessionApi.REASON) String reasonCode) {
    }

    public record AttendanceRequest(@NotNull Attendance attendance, @Min(0) @Max(720) Integer minutesAttended) {
    }

    public record RosterEntry(@NotNull UUID patientId, @NotNull Attendance attendance,
                              @Min(0) @Max(720) Integer minutesAttended) {
    }

    public record RosterRequest(@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid RosterEntry> entries) {
    }

    public record Roster(SessionApi.SessionView session, List<BookingView> participants) {
    }

    @Inject
    BookingService bookings;

    @Inject
    AttendanceService attendance;

    @Inject
    SessionService sessions;

    @POST
    @Path("sessions/{id}/bookings")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Book a patient into a session",
            description = "The patient needs a running enrollment in this clinic: 409 awaiting-event (Retry-After, "
                    + "awaitedEvent care.iop.intake.patient.admitted.v1) while the patient has none yet (the admission "
                    + "has not arrived), 404 when their enrollments have all ended. 409 naming the session when the "
                    + "patient is already in it or in an overlapping one. A full group puts the patient on the "
                    + "session's waitlist (status waitlist, with a position) unless waitlistIfFull is false (then "
                    + "409). Warns when the booking takes the patient past the payer's authorised units. Accepts "
                    + "Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The booking (booked, or waitlist with its position) and any "
            + "warnings, with its ETag",
            content = @Content(schema = @Schema(implementation = BookingView.class)))
    public Response book(@PathParam("id") UUID sessionId, @NotNull @Valid BookingRequest r,
                         @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return bookings.bookByHand(sessionId, r.patientId(), r.waitlistIfFull() == null || r.waitlistIfFull(),
                idempotencyKey, r, result -> Response
                        .created(URI.create("/api/v1/scheduling/bookings/" + result.booking().id))
                        .entity(view(result.booking(), result.warnings())).tag(ETags.of(result.booking().version))
                        .build());
    }

    @GET
    @Path("bookings/{id}")
    @Operation(summary = "One booking")
    @APIResponse(responseCode = "200", description = "The booking, with its ETag",
            content = @Content(schema = @Schema(implementation = BookingView.class)))
    public Response get(@PathParam("id") UUID id) {
        return answer(bookings.get(id));
    }

    @POST
    @Path("bookings/{id}/cancel")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Cancel a booking with a coded reason",
            description = "The freed place goes to the first patient on the waitlist who is free at that time. "
                    + "Honours If-Match.")
    @APIResponse(responseCode = "200", description = "The cancelled booking, with its ETag",
            content = @Content(schema = @Schema(implementation = BookingView.class)))
    public Response cancel(@PathParam("id") UUID id, @NotNull @Valid ReasonRequest r,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return answer(bookings.cancel(id, ifMatch, r.reasonCode()));
    }

    @POST
    @Path("bookings/{id}/check-in")
    @Operation(summary = "Check a patient in on arrival")
    @APIResponse(responseCode = "200", description = "The checked-in booking, with its ETag",
            content = @Content(schema = @Schema(implementation = BookingView.class)))
    public Response checkIn(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return answer(bookings.checkIn(id, ifMatch));
    }

    @PUT
    @Path("bookings/{id}/attendance")
    @Operation(summary = "Record or correct one patient's attendance",
            description = "present (the whole session), late or left-early (with minutesAttended, fewer than the "
                    + "session's), absent-excused, absent-unexcused. Allowed once the session has started; entries "
                    + "after the session's day are marked late entries. Every entry is audited. Honours If-Match.")
    @APIResponse(responseCode = "200", description = "The booking with its attendance, with its ETag",
            content = @Content(schema = @Schema(implementation = BookingView.class)))
    public Response record(@PathParam("id") UUID id, @NotNull @Valid AttendanceRequest r,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return answer(attendance.record(id, ifMatch, r.attendance(), r.minutesAttended()));
    }

    @POST
    @Path("sessions/{id}/attendance")
    @Operation(summary = "Record the whole roster of a session at once",
            description = "All entries or none: one invalid entry (a patient not booked, missing minutes) refuses "
                    + "the lot, with the entry's index in the violation.")
    public Roster recordRoster(@PathParam("id") UUID sessionId, @NotNull @Valid RosterRequest r) {
        return view(attendance.recordRoster(sessionId, r.entries().stream()
                .map(e -> new AttendanceService.Entry(e.patientId(), e.attendance(), e.minutesAttended())).toList()));
    }

    @GET
    @Path("sessions/{id}/roster")
    @Operation(summary = "A session's participants and waitlist, with attendance")
    public Roster roster(@PathParam("id") UUID sessionId) {
        return view(bookings.roster(sessionId));
    }

    private Roster view(BookingService.Roster roster) {
        List<BookingView> participants = new ArrayList<>();
        roster.bookings().forEach(b -> participants.add(view(b, List.of())));
        return new Roster(sessions.view(roster.session()), participants);
    }

    private Response answer(Booking b) {
        return Response.ok(view(b, List.of())).tag(ETags.of(b.version)).build();
    }

    private BookingView view(Booking b, List<BookingService.Warning> warnings) {
        Integer position = b.status == BookingStatus.WAITLIST ? bookings.waitlistPosition(b) : null;
        return new BookingView(b.id, b.sessionId, b.patientId, b.enrollmentId, b.status, position, b.attendance,
                b.minutesAttended, b.lateEntry, b.statusReason, warnings, b.version);
    }
}
