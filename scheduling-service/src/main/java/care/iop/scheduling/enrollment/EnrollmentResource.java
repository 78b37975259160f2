package care.iop.scheduling.enrollment;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.events.scheduling.EnrollmentEndReason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

/** Enrollments: normally opened by admission events, also by hand for programs that enroll that way. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Enrollments")
public class EnrollmentResource {

    public record EnrollmentRequest(@NotNull UUID patientId, @NotNull UUID trackId, @NotNull LocalDate startDate) {
    }

    public record EndRequest(@NotNull EnrollmentEndReason reason, @NotNull LocalDate endDate) {
    }

    public record EnrollmentView(UUID id, UUID patientId, UUID trackId, String trackCode, UUID admissionId,
                                 LocalDate startDate, LocalDate endDate, Enrollment.Status status,
                                 EnrollmentEndReason endReason, int consecutiveUnexcusedAbsences,
                                 FirstBooking firstBooking, long version) {
        static EnrollmentView of(Enrollment e) {
            return new EnrollmentView(e.id, e.patientId, e.trackId, e.trackCode, e.admissionId, e.startDate,
                    e.endDate, e.status, e.endReason, e.consecutiveUnexcused, e.firstBooking(), e.version);
        }
    }

    @Inject
    EnrollmentService enrollments;

    @POST
    @Path("enrollments")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Enroll a patient in a track by hand",
            description = "Books the patient into the track's group sessions from startDate on, those already held "
                    + "in the last 14 days included (so their attendance can be recorded; cancelled ones skipped); "
                    + "firstBooking in the answer says what was booked. A closed group that already started waits for "
                    + "its next cohort. 409 awaiting-event (Retry-After, awaitedEvent "
                    + "care.iop.intake.referral.received.v1) for a patient intake has not told this clinic about yet "
                    + "(referred, assessed, waitlisted or admitted). 409 when the patient already has a running "
                    + "enrollment. "
                    + "Admissions from intake enroll automatically. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The enrollment, with its ETag",
            content = @Content(schema = @Schema(implementation = EnrollmentView.class)))
    public Response enroll(@NotNull @Valid EnrollmentRequest r, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return enrollments.enrollByHand(r.trackId(), r.patientId(), r.startDate(), idempotencyKey, r,
                e -> Response.created(URI.create("/api/v1/scheduling/enrollments/" + e.id))
                        .entity(EnrollmentView.of(e)).tag(ETags.of(e.version)).build());
    }

    @GET
    @Path("enrollments")
    @Operation(summary = "The clinic's enrollments, by patient, track or status")
    public Page<EnrollmentView> list(@QueryParam("patientId") UUID patientId, @QueryParam("trackId") UUID trackId,
                                     @QueryParam("status")
                                     @Parameter(schema = @Schema(implementation = Enrollment.Status.class))
                                     String status, @QueryParam("limit") Integer limit,
                                     @QueryParam("cursor") String cursor) {
        Page<Enrollment> page = enrollments.list(patientId, trackId, status, limit, cursor);
        return new Page<>(page.items().stream().map(EnrollmentView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("enrollments/{id}")
    @Operation(summary = "One enrollment")
    @APIResponse(responseCode = "200", description = "The enrollment, with its ETag",
            content = @Content(schema = @Schema(implementation = EnrollmentView.class)))
    public Response get(@PathParam("id") UUID id) {
        Enrollment e = enrollments.get(id);
        return Response.ok(EnrollmentView.of(e)).tag(ETags.of(e.version)).build();
    }

    @POST
    @Path("enrollments/{id}/end")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "End an enrollment by hand (withdrawn, transferred…)",
            description = "Releases bookings of sessions that have not started. Discharges from aftercare end "
                    + "enrollments automatically. Honours If-Match.")
    @APIResponse(responseCode = "200", description = "The ended enrollment, with its ETag",
            content = @Content(schema = @Schema(implementation = EnrollmentView.class)))
    public Response end(@PathParam("id") UUID id, @NotNull @Valid EndRequest r,
                        @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Enrollment e = enrollments.endByHand(id, ifMatch, r.endDate(), r.reason());
        return Response.ok(EnrollmentView.of(e)).tag(ETags.of(e.version)).build();
    }
}
