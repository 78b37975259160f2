package care.iop.aftercare.episode;

import care.iop.aftercare.episode.EpisodeApi.DischargeRequest;
import care.iop.aftercare.episode.EpisodeApi.EpisodeView;
import care.iop.aftercare.episode.EpisodeApi.PlanRequest;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public Response get(@PathParam("id") UUID id) {
        EpisodeView view = episodes.get(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("episodes/{id}/transitions")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Record a level-of-care transition (e.g. the step-down from residential that preceded IOP)",
            description = "Accepts Idempotency-Key: a retry after a lost answer records the transition once.")
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
    public Response plan(@PathParam("id") UUID id, @NotNull @Valid PlanRequest r,
                         @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        EpisodeService.Planned planned = episodes.plan(id, r, ifMatch);
        return Response.status(planned.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(planned.plan()).tag(ETags.of(planned.plan().version())).build();
    }

    @POST
    @Path("episodes/{id}/discharge")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Discharge: TEDS-D reason 1–7, date and summary (case managers)",
            description = "Closes the episode, computes the length of stay, emits patient.discharged (never the "
                    + "summary; scheduling ends the enrollment, medication reviews the orders) and schedules the "
                    + "follow-ups in the clinic's time zone. Honours If-Match on the episode. Accepts Idempotency-Key.")
    public Response discharge(@PathParam("id") UUID id, @NotNull @Valid DischargeRequest r,
                              @HeaderParam(ETags.IF_MATCH) String ifMatch,
                              @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return episodes.discharge(id, r, ifMatch, idempotencyKey, EpisodeResource::created);
    }

    private static Response created(EpisodeView view) {
        return Response.status(Response.Status.CREATED).entity(view).tag(ETags.of(view.version())).build();
    }
}
