package care.iop.aftercare.plan;

import care.iop.common.http.ETags;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The relapse-prevention plan: versioned, and printable for the patient to take home. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Relapse-prevention plans")
public class RelapsePreventionPlanResource {

    public record PlanView(int version, PlanContent content, UUID createdBy, Instant createdAt) {
        static PlanView of(RelapsePreventionPlan p) {
            return new PlanView(p.planVersion, p.content, p.createdBy, p.createdAt);
        }
    }

    @Inject
    RelapsePreventionPlanService plans;

    @PUT
    @Path("patients/{patientId}/relapse-prevention-plan")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Save a new version of the patient's relapse-prevention plan",
            description = "Triggers, warning signs, coping strategies, people to call, crisis plan, accountability "
                    + "partners. Every version is kept. Revising needs If-Match with the current version's ETag (428 "
                    + "without, 412 when stale).")
    @APIResponse(responseCode = "201", description = "The patient's first plan was saved; Location names it",
            headers = @Header(name = "Location", description = "The plan's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "200", description = "A new version was saved, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public Response save(@PathParam("patientId") UUID patientId, @NotNull @Valid PlanContent content,
                         @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        RelapsePreventionPlanService.Saved saved = plans.save(patientId, content, ifMatch);
        Response.ResponseBuilder answer = saved.created()
                ? Response.created(UriBuilder.fromResource(RelapsePreventionPlanResource.class).path("patients")
                .path(patientId.toString()).path("relapse-prevention-plan").build())
                : Response.ok();
        return answer.entity(PlanView.of(saved.plan())).tag(ETags.of(saved.plan().planVersion)).build();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan")
    @Operation(summary = "The current relapse-prevention plan")
    @APIResponse(responseCode = "200", description = "The current version, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public Response get(@PathParam("patientId") UUID patientId) {
        RelapsePreventionPlan p = plans.current(patientId);
        return Response.ok(PlanView.of(p)).tag(ETags.of(p.planVersion)).build();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan/versions")
    @Operation(summary = "Every version of the plan, oldest first")
    public List<PlanView> versions(@PathParam("patientId") UUID patientId) {
        return plans.versions(patientId).stream().map(PlanView::of).toList();
    }

    @GET
    @Path("patients/{patientId}/relapse-prevention-plan/print")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The current plan as a printable page to share with the patient (audited as an export)")
    @APIResponse(responseCode = "200", description = "An HTML page",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public String print(@PathParam("patientId") UUID patientId) {
        return plans.print(patientId);
    }
}
