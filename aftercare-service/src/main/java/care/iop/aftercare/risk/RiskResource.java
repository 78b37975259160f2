package care.iop.aftercare.risk;

import care.iop.aftercare.risk.RiskApi.Acknowledgement;
import care.iop.aftercare.risk.RiskApi.FlagView;
import care.iop.aftercare.risk.RiskApi.RiskView;
import care.iop.common.http.ETags;
import care.iop.common.security.Roles;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Relapse risk: a patient's score with its contributing factors, the rule table, and acknowledging flags. */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Relapse risk")
public class RiskResource {

    @Inject
    RiskService risk;

    @GET
    @Path("risk-rules")
    @Operation(summary = "The relapse-risk rule table: factors, weights, decay window, threshold, version")
    public List<RiskRules.Factor> rules() {
        return risk.rules().factors();
    }

    @GET
    @Path("patients/{patientId}/relapse-risk")
    @Operation(summary = "A patient's current relapse-risk score with each contributing factor and weight")
    public RiskView patientRisk(@PathParam("patientId") UUID patientId) {
        return risk.patientRisk(patientId);
    }

    @POST
    @Path("risk-flags/{id}/acknowledge")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Acknowledge a flag with the action taken (case managers); it leaves the worklist",
            description = "Honours If-Match. A later crossing of the threshold flags the patient again.")
    @APIResponse(responseCode = "200", description = "The acknowledged flag, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FlagView.class)))
    public Response acknowledge(@PathParam("id") UUID id, @NotNull @Valid Acknowledgement a,
                                @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        FlagView view = risk.acknowledge(id, a.action(), ifMatch);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
