package care.iop.notes.plan;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.notes.plan.TreatmentPlanApi.PlanRequest;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanApi.ReviewRequest;
import care.iop.notes.plan.TreatmentPlanApi.ReviewView;
import care.iop.notes.plan.TreatmentPlanApi.VersionView;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Treatment plans: the first version, later versions, periodic reviews; every version kept. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.PRESCRIBER, Roles.NURSE,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Treatment plans")
public class TreatmentPlanResource {

    @Inject
    TreatmentPlanService plans;

    @POST
    @Path("patients/{patientId}/treatment-plans")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Write a patient's initial treatment plan",
            description = "Problems with ICD-10-CM codes, goals in the patient's words, measurable objectives with "
                    + "target dates, interventions with frequency and responsible staff; whether the patient took "
                    + "part and signed. 409 when the patient has a plan (add a version). Accepts Idempotency-Key.")
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid PlanRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return plans.create(patientId, request, idempotencyKey, view -> Response.status(Response.Status.CREATED)
                .entity(view).tag(ETags.of(view.version())).build());
    }

    @POST
    @Path("treatment-plans/{id}/versions")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Revise a plan: a new version becomes current, the old ones are kept",
            description = "Requires If-Match with the plan's ETag (428 without, 412 when stale). Send objective ids "
                    + "back to keep them across versions.")
    public Response revise(@PathParam("id") UUID id, @NotNull @Valid PlanRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        PlanView view = plans.revise(id, request, ifMatch);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("treatment-plans/{id}/reviews")
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Review a plan: rate progress on every objective of the current version",
            description = "Clinical supervisors. Requires If-Match. The next review falls due the configured days "
                    + "later (default 30).")
    public Response review(@PathParam("id") UUID id, @NotNull @Valid ReviewRequest request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        TreatmentPlanService.Reviewed reviewed = plans.review(id, request, ifMatch);
        return Response.status(Response.Status.CREATED).entity(reviewed.review())
                .tag(ETags.of(reviewed.planVersion())).build();
    }

    @GET
    @Path("patients/{patientId}/treatment-plans/current")
    @Operation(summary = "A patient's current plan with its latest review")
    public Response current(@PathParam("patientId") UUID patientId) {
        PlanView view = plans.current(patientId);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @GET
    @Path("treatment-plans/{id}/versions")
    @Operation(summary = "Every version of a plan, oldest first")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        return plans.versions(id);
    }

    @GET
    @Path("treatment-plans/{id}/reviews")
    @Operation(summary = "Every review of a plan, oldest first")
    public List<ReviewView> reviews(@PathParam("id") UUID id) {
        return plans.reviews(id);
    }
}
