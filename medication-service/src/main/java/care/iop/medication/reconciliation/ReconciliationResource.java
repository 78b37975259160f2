package care.iop.medication.reconciliation;

import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.medication.reconciliation.ReconciliationApi.ReconciliationRequest;
import care.iop.medication.reconciliation.ReconciliationApi.ReconciliationView;
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

/** Admission medication reconciliation: the home medication list with a prescriber's decision on each. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Medication reconciliation")
public class ReconciliationResource {

    @Inject
    ReconciliationService reconciliations;

    @POST
    @Path("patients/{patientId}/reconciliations")
    @RolesAllowed(Roles.PRESCRIBER)
    @Operation(summary = "Complete a medication reconciliation (prescribers): continue, stop or change each home medication",
            description = "Accepts Idempotency-Key. Continued or changed medications are ordered separately.")
    @APIResponse(responseCode = "201", description = "Completed; Location names the reconciliation",
            headers = @Header(name = "Location", description = "The reconciliation's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReconciliationView.class)))
    public Response complete(@PathParam("patientId") UUID patientId, @NotNull @Valid ReconciliationRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return reconciliations.complete(patientId, request, idempotencyKey,
                view -> Response.created(UriBuilder.fromResource(ReconciliationResource.class).path("reconciliations")
                        .path(view.id().toString()).build()).entity(view).build());
    }

    @GET
    @Path("reconciliations/{id}")
    @Operation(summary = "One reconciliation with its decisions")
    public ReconciliationView get(@PathParam("id") UUID id) {
        return reconciliations.get(id);
    }

    @GET
    @Path("patients/{patientId}/reconciliations")
    @Operation(summary = "A patient's reconciliations, newest first")
    public List<ReconciliationView> list(@PathParam("patientId") UUID patientId) {
        return reconciliations.list(patientId);
    }
}
