package care.iop.intake.screening;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.ScreeningApi.Acknowledgement;
import care.iop.intake.screening.ScreeningApi.ScreeningRequest;
import care.iop.intake.screening.ScreeningApi.ScreeningView;
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
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Screening instruments: scored and banded on the server; safety flags wait for a clinician's acknowledgement.
 * HTTP only: {@link ScreeningService}.
 */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Screenings")
public class ScreeningResource {

    @Inject
    ScreeningService screenings;

    @POST
    @Path("patients/{patientId}/screenings")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Record a completed screening instrument",
            description = "PHQ-9, GAD-7, AUDIT, DAST-10 or C-SSRS item answers; the server validates, scores, bands "
                    + "and flags. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the screening",
            headers = @Header(name = "Location", description = "The screening's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreeningView.class)))
    public Response record(@PathParam("patientId") UUID patientId, @NotNull @Valid ScreeningRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return screenings.record(patientId, request, idempotencyKey, scored -> Response.created(
                        UriBuilder.fromResource(ScreeningResource.class).path("screenings")
                                .path(scored.screening().id.toString()).build())
                .entity(ScreeningView.of(scored)).tag(ETags.of(scored.screening().version)).build());
    }

    @GET
    @Path("screenings/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "Read a screening (its change from baseline is in the patient's history)")
    @APIResponse(responseCode = "200", description = "The screening, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreeningView.class)))
    public Response get(@PathParam("id") UUID id) {
        Screening s = screenings.get(id);
        return Response.ok(ScreeningView.of(s, null)).tag(ETags.of(s.version)).build();
    }

    @GET
    @Path("patients/{patientId}/screenings")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "A patient's screening history, oldest first, with change from the first (baseline) score")
    public List<ScreeningView> history(@PathParam("patientId") UUID patientId,
                                       @QueryParam("instrument") @Parameter(description = "Only this instrument",
                                               schema = @Schema(implementation = ScreeningInstrument.class))
                                       String instrumentName) {
        return screenings.history(patientId, instrumentName).stream().map(ScreeningView::of).toList();
    }

    @POST
    @Path("screenings/{id}/acknowledgement")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "A clinician acknowledges a safety flag and records the action taken")
    @APIResponse(responseCode = "200", description = "The screening, acknowledged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreeningView.class)))
    public Response acknowledge(@PathParam("id") UUID id, @NotNull @Valid Acknowledgement acknowledgement) {
        Screening s = screenings.acknowledge(id, acknowledgement.action());
        return Response.ok(ScreeningView.of(s, null)).tag(ETags.of(s.version)).build();
    }

    @GET
    @Path("screenings/unacknowledged-safety-flags")
    @RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN, Roles.INTAKE_COORDINATOR})
    @Operation(summary = "Worklist: safety flags of the clinic not yet acknowledged, oldest first",
            description = "Screenings that raised safety-action-required (C-SSRS high risk, or a PHQ-9 with item 9 "
                    + "above 0 whatever its total) until a clinician acknowledges them with the action taken.")
    public List<ScreeningView> unacknowledged() {
        return screenings.unacknowledged().stream().map(s -> ScreeningView.of(s, null)).toList();
    }
}
