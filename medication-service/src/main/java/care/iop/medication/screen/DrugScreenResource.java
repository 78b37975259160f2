package care.iop.medication.screen;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.medication.screen.DrugScreenApi.Collection;
import care.iop.medication.screen.DrugScreenApi.Results;
import care.iop.medication.screen.DrugScreenApi.ScreenOrder;
import care.iop.medication.screen.DrugScreenApi.ScreenView;
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

/**
 * Drug screens: a prescriber orders, a nurse collects and results. A positive for something the patient is
 * prescribed is expected; any other positive is flagged unexpected ({@link DrugScreenService}).
 */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Drug screens")
public class DrugScreenResource {

    @Inject
    DrugScreenService screens;

    @POST
    @Path("patients/{patientId}/drug-screens")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Order a drug screen with its panel of substance codes (prescribers); accepts Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Ordered; Location names the screen, ETag is its version",
            headers = @Header(name = "Location", description = "The drug screen's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreenView.class)))
    public Response order(@PathParam("patientId") UUID patientId, @NotNull @Valid ScreenOrder request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return screens.order(patientId, request.specimen(), request.panel(), idempotencyKey, request,
                view -> Response.created(UriBuilder.fromResource(DrugScreenResource.class).path("drug-screens")
                        .path(view.id().toString()).build()).entity(view).tag(ETags.of(view.version())).build());
    }

    @POST
    @Path("drug-screens/{id}/collection")
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record that the specimen was collected (nurses)")
    @APIResponse(responseCode = "200", description = "The collected screen, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreenView.class)))
    public Response collect(@PathParam("id") UUID id, @Valid Collection request) {
        return withETag(screens.collect(id, request != null ? request.collectedAt() : null));
    }

    @POST
    @Path("drug-screens/{id}/results")
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record the results, one per panel substance (nurses)",
            description = "Positives for substances the patient's medications at collection time explain (e.g. BUP on buprenorphine) "
                    + "are expected; any other positive flags the screen unexpected. drug-screen.resulted carries "
                    + "substance codes and flags only.")
    @APIResponse(responseCode = "200", description = "The resulted screen, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreenView.class)))
    public Response result(@PathParam("id") UUID id, @NotNull @Valid Results request) {
        return withETag(screens.result(id, request.results().stream()
                .map(r -> new ScreenResults.Entry(r.substanceCode(), r.result())).toList()));
    }

    @GET
    @Path("drug-screens/{id}")
    @Operation(summary = "One drug screen with its results")
    @APIResponse(responseCode = "200", description = "The screen, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScreenView.class)))
    public Response get(@PathParam("id") UUID id) {
        return withETag(screens.get(id));
    }

    @GET
    @Path("patients/{patientId}/drug-screens")
    @Operation(summary = "A patient's drug screens, newest first")
    public List<ScreenView> list(@PathParam("patientId") UUID patientId) {
        return screens.list(patientId);
    }

    private static Response withETag(ScreenView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
