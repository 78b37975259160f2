package care.iop.aftercare.episode;

import care.iop.aftercare.episode.EpisodeApi.DischargeRequest;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.aftercare.episode.EpisodeApi.PlanRequest;
import care.iop.aftercare.episode.EpisodeApi.PlanView;
import care.iop.aftercare.episode.EpisodeApi.TransitionRequest;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Episodes of care: level-of-care transitions, the discharge plan and the discharge ({@link EpisodeService}). */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Episodes and discharge")
public class EpisodeResource {

    @Inject
    EpisodeService episodes;

    @GET
    @Path("patients/{patientId}/episodes")
    @Operation(summary = "A patient's episodes of care with transitions, discharge plan and discharge")
    public List<EpisodeView> list(@PathParam("patientId") UUID patientId) {
        return episodes.list(patientId);
    }

    @GET
    @Path("episodes/{id}")
    @Operation(summary = "One episode")
    @APIResponse(responseCode = "200", description = "The episode, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EpisodeView.class)))
    public Response get(@PathParam("id") UUID id) {
        EpisodeView view = episodes.get(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("episodes/{id}/transitions")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Record a level-of-care transition (e.g. the step-down from residential that preceded IOP)",
            description = "Accepts Idempotency-Key: a retry after a lost answer records the transition once.")
    @APIResponse(responseCode = "201", description = "Recorded; the answer is the episode with its transitions, Location names the episode",
            headers = @Header(name = "Location", description = "The episode's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EpisodeView.class)))
    public Response transition(@PathParam("id") UUID id, @NotNull @Valid TransitionRequest r,
                               @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return episodes.transition(id, r, idempotencyKey, EpisodeResource::created);
    }

    @PUT
    @Path("episodes/{id}/discharge-plan")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Write or revise the discharge plan (case managers); honours If-Match on revisions",
            description = "Target date, step-down level, receiving partner, first appointment after discharge (for "
                    + "HEDIS IET), who continues MAT, housing, work or school, support and alumni groups. Emits "
                    + "discharge.planned.")
    @APIResponse(responseCode = "201", description = "The first plan of the episode was written; Location names it",
            headers = @Header(name = "Location", description = "The discharge plan's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "200", description = "The plan was revised, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public Response plan(@PathParam("id") UUID id, @NotNull @Valid PlanRequest r,
                         @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        EpisodeService.Planned planned = episodes.plan(id, r, ifMatch);
        Response.ResponseBuilder answer = planned.created()
                ? Response.created(UriBuilder.fromResource(EpisodeResource.class).path("episodes").path(id.toString())
                .path("discharge-plan").build())
                : Response.ok();
        return answer.entity(planned.plan()).tag(ETags.of(planned.plan().version())).build();
    }

    @GET
    @Path("episodes/{id}/discharge-plan")
    @Operation(summary = "The episode's discharge plan (404 until one is written)")
    @APIResponse(responseCode = "200", description = "The plan, with its version as ETag (send it as If-Match to revise)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public Response currentPlan(@PathParam("id") UUID id) {
        PlanView plan = episodes.plan(id);
        return Response.ok(plan).tag(ETags.of(plan.version())).build();
    }

    @POST
    @Path("episodes/{id}/discharge")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Discharge: TEDS-D reason 1–7, date and summary (case managers)",
            description = "Closes the episode, computes the length of stay, emits patient.discharged (never the "
                    + "summary; scheduling ends the enrollment, medication reviews the orders) and schedules the "
                    + "follow-ups in the clinic's time zone. Honours If-Match on the episode. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Discharged; the answer is the closed episode with its discharge, Location names the episode",
            headers = @Header(name = "Location", description = "The episode's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EpisodeView.class)))
    public Response discharge(@PathParam("id") UUID id, @NotNull @Valid DischargeRequest r,
                              @HeaderParam(ETags.IF_MATCH) String ifMatch,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return episodes.discharge(id, r, ifMatch, idempotencyKey, EpisodeResource::created);
    }

    private static Response created(EpisodeView view) {
        return Response.created(UriBuilder.fromResource(EpisodeResource.class).path("episodes")
                .path(view.id().toString()).build()).entity(view).tag(ETags.of(view.version())).build();
    }
}
