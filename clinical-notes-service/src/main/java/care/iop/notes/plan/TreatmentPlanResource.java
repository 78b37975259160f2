package care.iop.notes.plan;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.notes.patient.KnownPatient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Treatment plans: the first version, later versions, periodic reviews; every version kept. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Treatment plans")
@RetryOnConflict
public class TreatmentPlanResource {

    public record PlanRequest(@NotNull @Valid PlanContent content, @NotNull Boolean patientParticipated,
                              Instant patientSignedAt) {
    }

    public record ReviewRating(@NotNull UUID objectiveId, @NotNull PlanContent.Rating rating,
                               @Size(max = 2000) String comment) {
    }

    public record ReviewRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid ReviewRating> ratings,
                                @Size(max = 4000) String summary) {
    }

    public record VersionView(int planVersion, PlanContent content, boolean patientParticipated,
                              Instant patientSignedAt, UUID createdBy, Instant createdAt) {
        static VersionView of(TreatmentPlanVersion v) {
            return new VersionView(v.planVersion, v.content, v.patientParticipated, v.patientSignedAt, v.createdBy,
                    v.createdAt);
        }
    }

    public record ReviewView(UUID id, int planVersion, UUID reviewedBy, Instant reviewedAt,
                             List<TreatmentPlanReview.ObjectiveRating> ratings, String summary,
                             LocalDate nextReviewDue) {
        static ReviewView of(TreatmentPlanReview r) {
            return new ReviewView(r.id, r.planVersion, r.reviewedBy, r.reviewedAt, r.ratings, r.summary,
                    r.nextReviewDue);
        }
    }

    public record PlanView(UUID id, UUID patientId, int currentVersion, LocalDate nextReviewDue,
                           VersionView current, ReviewView lastReview, long version) {
    }

    @Inject
    TreatmentPlans plans;

    @Inject
    CallerContext caller;

    @Inject
    Idempotency idempotency;

    @Inject
    AuditLog audit;

    @POST
    @Path("patients/{patientId}/treatment-plans")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Write a patient's initial treatment plan",
            description = "Problems with ICD-10-CM codes, goals in the patient's words, measurable objectives with "
                    + "target dates, interventions with frequency and responsible staff; whether the patient took "
                    + "part and signed. 409 when the patient has a plan (add a version). Accepts Idempotency-Key.")
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid PlanRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            UUID clinic = caller.requireClinicId();
            if (!KnownPatient.exists(clinic, patientId)) {
                throw ProblemException.notFound("Patient", patientId);
            }
            TreatmentPlan plan = plans.create(clinic, patientId, request.content(), request.patientParticipated(),
                    request.patientSignedAt());
            return Response.status(Response.Status.CREATED).entity(view(plan)).tag(ETags.of(plan.version)).build();
        });
    }

    @POST
    @Path("treatment-plans/{id}/versions")
    @Transactional
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Revise a plan: a new version becomes current, the old ones are kept",
            description = "Requires If-Match with the plan's ETag (428 without, 412 when stale). Send objective ids "
                    + "back to keep them across versions.")
    public Response revise(@PathParam("id") UUID id, @NotNull @Valid PlanRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        TreatmentPlan plan = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, plan.version, true);
        plans.addVersion(plan, request.content(), request.patientParticipated(), request.patientSignedAt());
        TreatmentPlan.getEntityManager().flush();
        return Response.ok(view(plan)).tag(ETags.of(plan.version)).build();
    }

    @POST
    @Path("treatment-plans/{id}/reviews")
    @Transactional
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Review a plan: rate progress on every objective of the current version",
            description = "Clinical supervisors. Requires If-Match. The next review falls due the configured days "
                    + "later (default 30).")
    public Response review(@PathParam("id") UUID id, @NotNull @Valid ReviewRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        TreatmentPlan plan = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, plan.version, true);
        TreatmentPlanReview r = plans.review(plan, request.ratings().stream()
                .map(x -> new TreatmentPlanReview.ObjectiveRating(x.objectiveId(), x.rating(), x.comment())).toList(),
                request.summary());
        TreatmentPlan.getEntityManager().flush();
        return Response.status(Response.Status.CREATED).entity(ReviewView.of(r)).tag(ETags.of(plan.version)).build();
    }

    @GET
    @Path("patients/{patientId}/treatment-plans/current")
    @Transactional
    @Operation(summary = "A patient's current plan with its latest review")
    public Response current(@PathParam("patientId") UUID patientId) {
        TreatmentPlan plan = TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2", caller.requireClinicId(),
                patientId).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Treatment plan of patient",
                patientId));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return Response.ok(view(plan)).tag(ETags.of(plan.version)).build();
    }

    @GET
    @Path("treatment-plans/{id}/versions")
    @Transactional
    @Operation(summary = "Every version of a plan, oldest first")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return TreatmentPlanVersion.<TreatmentPlanVersion>list("planId = ?1 order by planVersion", plan.id).stream()
                .map(VersionView::of).toList();
    }

    @GET
    @Path("treatment-plans/{id}/reviews")
    @Transactional
    @Operation(summary = "Every review of a plan, oldest first")
    public List<ReviewView> reviews(@PathParam("id") UUID id) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return TreatmentPlanReview.<TreatmentPlanReview>list("planId = ?1 order by reviewedAt", plan.id).stream()
                .map(ReviewView::of).toList();
    }

    private TreatmentPlan require(UUID id, LockModeType lock) {
        return TreatmentPlan.<TreatmentPlan>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).withLock(lock)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Treatment plan", id));
    }

    private PlanView view(TreatmentPlan plan) {
        TreatmentPlanReview last = TreatmentPlanReview.<TreatmentPlanReview>find("planId = ?1 order by reviewedAt desc",
                plan.id).firstResult();
        return new PlanView(plan.id, plan.patientId, plan.currentVersion, plan.nextReviewDue,
                VersionView.of(plans.current(plan)), last == null ? null : ReviewView.of(last), plan.version);
    }
}
