package care.iop.scheduling.enrollment;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.EnrollmentEndReason;
import care.iop.scheduling.patient.KnownPatient;
import care.iop.scheduling.track.Track;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Enrollments: normally opened by admission events, also by hand for programs that enroll that way. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Enrollments")
@RetryOnConflict
public class EnrollmentResource {

    public record EnrollmentRequest(@NotNull UUID patientId, @NotNull UUID trackId, @NotNull LocalDate startDate) {
    }

    public record EndRequest(@NotNull EnrollmentEndReason reason, @NotNull LocalDate endDate) {
    }

    public record EnrollmentView(UUID id, UUID patientId, UUID trackId, String trackCode, UUID admissionId,
                                 LocalDate startDate, LocalDate endDate, Enrollment.Status status,
                                 EnrollmentEndReason endReason, int consecutiveUnexcusedAbsences, long version) {
        static EnrollmentView of(Enrollment e) {
            return new EnrollmentView(e.id, e.patientId, e.trackId, e.trackCode, e.admissionId, e.startDate,
                    e.endDate, e.status, e.endReason, e.consecutiveUnexcused, e.version);
        }
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    EnrollmentService enrollments;

    @Inject
    AuditLog audit;

    @POST
    @Path("enrollments")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Enroll a patient in a track by hand",
            description = "Books the patient into the track's upcoming group sessions (a closed group that already "
                    + "started waits for its next cohort). 404 for a patient intake has not told this clinic about "
                    + "(referred, assessed, waitlisted or admitted). 409 when the patient already has a running "
                    + "enrollment. "
                    + "Admissions from intake enroll automatically. Accepts Idempotency-Key.")
    public Response enroll(@NotNull @Valid EnrollmentRequest r, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            Track track = clinicScope.require(Track.class, r.trackId());
            KnownPatient.require(track.clinicId, r.patientId());
            Enrollment e = enrollments.enroll(track.clinicId, r.patientId(), track.code, null, r.startDate());
            return Response.status(Response.Status.CREATED).entity(EnrollmentView.of(e)).tag(ETags.of(e.version))
                    .build();
        });
    }

    @GET
    @Path("enrollments")
    @Transactional
    @Operation(summary = "The clinic's enrollments, by patient, track or status")
    public Page<EnrollmentView> list(@QueryParam("patientId") UUID patientId, @QueryParam("trackId") UUID trackId,
                                     @QueryParam("status") String status, @QueryParam("limit") Integer limit,
                                     @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        StringBuilder q = new StringBuilder("clinicId = :clinic");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", caller.requireClinicId()));
        if (patientId != null) {
            q.append(" and patientId = :patient");
            p.put("patient", patientId);
        }
        if (trackId != null) {
            q.append(" and trackId = :track");
            p.put("track", trackId);
        }
        if (status != null) {
            q.append(" and status = :status");
            p.put("status", WireEnums.parse(Enrollment.Status.class, status, "status"));
        }
        if (after != null) {
            q.append(" and (createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
            p.put("afterAt", after.createdAt());
            p.put("afterId", after.id());
        }
        List<Enrollment> rows = Enrollment.<Enrollment>find(q + " order by createdAt, id", p).range(0, size).list();
        Page<EnrollmentView> page = Page.of(rows, size, e -> new Page.Position(e.createdAt, e.id), EnrollmentView::of);
        audit.recordAll(page.items().stream().map(e -> AuditLog.Entry.success(AuditAction.READ, "Enrollment", e.id(),
                e.patientId(), caller.requireClinicId())).toList());
        return page;
    }

    @GET
    @Path("enrollments/{id}")
    @Transactional
    @Operation(summary = "One enrollment")
    public Response get(@PathParam("id") UUID id) {
        Enrollment e = clinicScope.require(Enrollment.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Enrollment", e.id, e.patientId, e.clinicId));
        return Response.ok(EnrollmentView.of(e)).tag(ETags.of(e.version)).build();
    }

    @POST
    @Path("enrollments/{id}/end")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "End an enrollment by hand (withdrawn, transferred…)",
            description = "Releases bookings of sessions that have not started. Discharges from aftercare end "
                    + "enrollments automatically. Honours If-Match.")
    public Response end(@PathParam("id") UUID id, @NotNull @Valid EndRequest r,
                        @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Enrollment e = clinicScope.require(Enrollment.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, e.version, false);
        if (r.endDate().isBefore(e.startDate)) {
            throw ProblemException.invalid("endDate", "must not be before the enrollment's start date");
        }
        enrollments.end(e, r.endDate(), r.reason());
        e.persistAndFlush();
        return Response.ok(EnrollmentView.of(e)).tag(ETags.of(e.version)).build();
    }
}
