package care.iop.scheduling.booking;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.patient.KnownPatient;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionApi;
import care.iop.scheduling.session.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Patients in sessions: booking, waitlist, check-in, cancellation, attendance (one by one or the whole roster). */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
@Tag(name = "Bookings and attendance")
@RetryOnConflict
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
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    BookingService bookings;

    @Inject
    AttendanceService attendance;

    @Inject
    AuditLog audit;

    @Inject
    SessionService sessions;

    @POST
    @Path("sessions/{id}/bookings")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Book a patient into a session",
            description = "The patient needs a running enrollment in this clinic. 409 naming the session when the "
                    + "patient is already in it or in an overlapping one. A full group puts the patient on the "
                    + "session's waitlist (status waitlist, with a position) unless waitlistIfFull is false (then "
                    + "409). Warns when the booking takes the patient past the payer's authorised units. Accepts "
                    + "Idempotency-Key.")
    public Response book(@PathParam("id") UUID sessionId, @NotNull @Valid BookingRequest r,
                         @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            Session s = clinicScope.require(Session.class, sessionId);
            KnownPatient.require(s.clinicId, r.patientId());
            Enrollment e = Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3",
                    s.clinicId, r.patientId(), Enrollment.Status.ENDED).firstResultOptional()
                    .orElseThrow(() -> ProblemException.notFound("Enrollment of patient", r.patientId()));
            BookingService.Result result = bookings.book(s, e, r.waitlistIfFull() == null || r.waitlistIfFull());
            Booking b = result.booking();
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Booking", b.id, b.patientId, b.clinicId));
            return Response.status(Response.Status.CREATED).entity(view(b, result.warnings())).tag(ETags.of(b.version))
                    .build();
        });
    }

    @GET
    @Path("bookings/{id}")
    @Transactional
    @Operation(summary = "One booking")
    public Response get(@PathParam("id") UUID id) {
        Booking b = clinicScope.require(Booking.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Booking", b.id, b.patientId, b.clinicId));
        return Response.ok(view(b, List.of())).tag(ETags.of(b.version)).build();
    }

    @POST
    @Path("bookings/{id}/cancel")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Cancel a booking with a coded reason",
            description = "The freed place goes to the first patient on the waitlist who is free at that time. "
                    + "Honours If-Match.")
    public Response cancel(@PathParam("id") UUID id, @NotNull @Valid ReasonRequest r,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Booking b = clinicScope.require(Booking.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        bookings.cancel(b, r.reasonCode());
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Booking", b.id, b.patientId, b.clinicId));
        return Response.ok(view(b, List.of())).tag(ETags.of(b.version)).build();
    }

    @POST
    @Path("bookings/{id}/check-in")
    @Transactional
    @Operation(summary = "Check a patient in on arrival")
    public Response checkIn(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Booking b = clinicScope.require(Booking.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        if (b.status != BookingStatus.BOOKED) {
            throw ProblemException.illegalTransition("Booking", b.status.value(), BookingStatus.CHECKED_IN.value());
        }
        b.status = BookingStatus.CHECKED_IN;
        b.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Booking", b.id, b.patientId, b.clinicId));
        return Response.ok(view(b, List.of())).tag(ETags.of(b.version)).build();
    }

    @PUT
    @Path("bookings/{id}/attendance")
    @Transactional
    @Operation(summary = "Record or correct one patient's attendance",
            description = "present (the whole session), late or left-early (with minutesAttended, fewer than the "
                    + "session's), absent-excused, absent-unexcused. Allowed once the session has started; entries "
                    + "after the session's day are marked late entries. Every entry is audited. Honours If-Match.")
    public Response record(@PathParam("id") UUID id, @NotNull @Valid AttendanceRequest r,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Booking b = clinicScope.require(Booking.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, b.version, false);
        Session s = Session.findById(b.sessionId, LockModeType.PESSIMISTIC_WRITE);
        attendance.record(s, b, r.attendance(), r.minutesAttended(), caller.subject());
        return Response.ok(view(b, List.of())).tag(ETags.of(b.version)).build();
    }

    @POST
    @Path("sessions/{id}/attendance")
    @Transactional
    @Operation(summary = "Record the whole roster of a session at once",
            description = "All entries or none: one invalid entry (a patient not booked, missing minutes) refuses "
                    + "the lot, with the entry's index in the violation.")
    public Roster recordRoster(@PathParam("id") UUID sessionId, @NotNull @Valid RosterRequest r) {
        Session s = clinicScope.require(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < r.entries().size(); i++) {
            RosterEntry entry = r.entries().get(i);
            String field = "entries[" + i + "]";
            if (!seen.add(entry.patientId())) {
                throw ProblemException.invalid(field + ".patientId", "appears twice");
            }
            Booking b = Booking.<Booking>find("sessionId = ?1 and patientId = ?2 and status in ?3", s.id,
                            entry.patientId(), BookingStatus.HOLDS_PLACE).withLock(LockModeType.PESSIMISTIC_WRITE)
                    .firstResultOptional().orElseThrow(() -> ProblemException.invalid(field + ".patientId",
                            "is not booked into this session"));
            try {
                attendance.record(s, b, entry.attendance(), entry.minutesAttended(), caller.subject());
            } catch (ProblemException e) {
                if (e.violations() == null || e.violations().isEmpty()) {
                    throw e;
                }
                throw ProblemException.invalid(e.violations().stream()
                        .map(v -> new Problem.Violation(field + "." + v.field(), v.message())).toList());
            }
        }
        return roster(sessionId);
    }

    @GET
    @Path("sessions/{id}/roster")
    @Transactional
    @Operation(summary = "A session's participants and waitlist, with attendance")
    public Roster roster(@PathParam("id") UUID sessionId) {
        Session s = clinicScope.require(Session.class, sessionId);
        List<Booking> live = bookings.liveBookings(s.id);
        audit.recordAll(live.stream()
                .map(b -> AuditLog.Entry.success(AuditAction.READ, "Booking", b.id, b.patientId, b.clinicId)).toList());
        List<BookingView> participants = new ArrayList<>();
        live.forEach(b -> participants.add(view(b, List.of())));
        return new Roster(sessions.view(s), participants);
    }

    private BookingView view(Booking b, List<BookingService.Warning> warnings) {
        Integer position = b.status == BookingStatus.WAITLIST ? bookings.waitlistPosition(b) : null;
        return new BookingView(b.id, b.sessionId, b.patientId, b.enrollmentId, b.status, position, b.attendance,
                b.minutesAttended, b.lateEntry, b.statusReason, warnings, b.version);
    }
}
