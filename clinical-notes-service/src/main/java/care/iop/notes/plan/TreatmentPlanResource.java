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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
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
                    + "part and signed. 409 when the patient has a plan (add a version). A patient this service does "
                    + "not know yet (intake's patient.admitted has not arrived; the same answer for an id nobody "
                    + "knows and another clinic's patient) is 409 awaiting-event naming patient.admitted, with "
                    + "Retry-After. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The plan, with its ETag; Location is the plan",
            headers = @Header(name = "Location", description = "The plan's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PlanView.class)))
    public Response create(@PathParam("patientId") UUID patientId, @NotNull @Valid PlanRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return plans.create(patientId, request, idempotencyKey, view -> Response.created(planAddress(view.id()))
                .entity(view).tag(ETags.of(view.version())).build());
    }

    @GET
    @Path("treatment-plans/{id}")
    @Operation(summary = "A plan with its current version and latest review")
    @APIResponse(responseCode = "200", description = "The plan, with its ETag",
            content = @Content(schema = @Schema(implementation = PlanView.class)))
    public Response get(@PathParam("id") UUID id) {
        PlanView view = plans.get(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("treatment-plans/{id}/versions")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Revise a plan: a new version becomes current, the old ones are kept",
            description = "Requires If-Match with the plan's ETag (428 without, 412 when stale). Send objective ids "
                    + "back to keep them across versions.")
    @APIResponse(responseCode = "201", description = "The plan with the new version current, with its ETag; "
            + "Location is the new version",
            headers = @Header(name = "Location", description = "The new version's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PlanView.class)))
    public Response revise(@PathParam("id") UUID id, @NotNull @Valid PlanRequest request,
                           @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        PlanView view = plans.revise(id, request, ifMatch);
        return Response.created(URI.create(planAddress(id) + "/versions/" + view.currentVersion())).entity(view)
                .tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("treatment-plans/{id}/reviews")
    @RolesAllowed(Roles.CLINICAL_SUPERVISOR)
    @Operation(summary = "Review a plan: rate progress on every objective of the current version",
            description = "Clinical supervisors. Requires If-Match. The next review falls due the configured days "
                    + "later (default 30).")
    @APIResponse(responseCode = "201", description = "The review; the ETag is the plan's; Location is the review",
            headers = @Header(name = "Location", description = "The review's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ReviewView.class)))
    public Response review(@PathParam("id") UUID id, @NotNull @Valid ReviewRequest request,
                           @HeaderParam(ETags.IF_MATCH) @Parameter(required = true) String ifMatch) {
        TreatmentPlanService.Reviewed reviewed = plans.review(id, request, ifMatch);
        return Response.created(URI.create(planAddress(id) + "/reviews/" + reviewed.review().id()))
                .entity(reviewed.review()).tag(ETags.of(reviewed.planVersion())).build();
    }

    @GET
    @Path("patients/{patientId}/treatment-plans/current")
    @Operation(summary = "A patient's current plan with its latest review")
    @APIResponse(responseCode = "200", description = "The plan, with its ETag",
            content = @Content(schema = @Schema(implementation = PlanView.class)))
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
    @Path("treatment-plans/{id}/versions/{planVersion}")
    @Operation(summary = "One version of a plan")
    public VersionView getVersion(@PathParam("id") UUID id, @PathParam("planVersion") int planVersion) {
        return plans.getVersion(id, planVersion);
    }

    @GET
    @Path("treatment-plans/{id}/reviews")
    @Operation(summary = "Every review of a plan, oldest first")
    public List<ReviewView> reviews(@PathParam("id") UUID id) {
        return plans.reviews(id);
    }

    @GET
    @Path("treatment-plans/{id}/reviews/{reviewId}")
    @Operation(summary = "One review of a plan")
    public ReviewView getReview(@PathParam("id") UUID id, @PathParam("reviewId") UUID reviewId) {
        return plans.getReview(id, reviewId);
    }

    private static URI planAddress(UUID id) {
        return URI.create("/api/v1/notes/treatment-plans/" + id);
    }
}
