package care.iop.aftercare.followup;

import care.iop.aftercare.followup.FollowUpApi.FollowUpView;
import care.iop.aftercare.followup.FollowUpApi.OutcomeRequest;
import care.iop.aftercare.followup.FollowUpApi.Readmission;
import care.iop.aftercare.followup.FollowUpApi.ReadmissionView;
import care.iop.aftercare.followup.FollowUpApi.Worklist;
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

/** Follow-ups after discharge, the case managers' worklist, and readmission requests ({@link FollowUpService}). */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER,
        Roles.NURSE, Roles.EHR_INTEGRATION})
@Tag(name = "Follow-ups")
public class FollowUpResource {

    @Inject
    FollowUpService followUps;

    @GET
    @Path("worklist")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.CLINICAL_SUPERVISOR})
    @Operation(summary = "Follow-ups due or overdue, and open relapse-risk flags, oldest first")
    public Worklist worklist() {
        return followUps.worklist();
    }

    @GET
    @Path("patients/{patientId}/follow-ups")
    @Operation(summary = "A patient's follow-ups")
    public List<FollowUpView> list(@PathParam("patientId") UUID patientId) {
        return followUps.list(patientId);
    }

    @POST
    @Path("follow-ups/{id}/outcome")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Record a follow-up's outcome (case managers)",
            description = "Reached, not reached or declined; recovery status; optional PHQ-9 total; at the IET checks "
                    + "whether treatment was initiated (14 days) and how many further services (34 days). Finding the "
                    + "patient using, or not reaching them, counts towards relapse risk. requestReadmission asks "
                    + "intake to take the patient back. Honours If-Match.")
    @APIResponse(responseCode = "200", description = "The completed follow-up, with its new version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FollowUpView.class)))
    public Response complete(@PathParam("id") UUID id, @NotNull @Valid OutcomeRequest r,
                             @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        FollowUpView view = followUps.complete(id, new FollowUpService.Result(r.outcome(), r.recoveryStatus(),
                r.phq9Total(), r.ietInitiated(), r.ietEngagementVisits()), r.requestReadmission(), ifMatch);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("patients/{patientId}/readmission-requests")
    @RolesAllowed({Roles.CASE_MANAGER, Roles.CLINIC_ADMIN})
    @Operation(summary = "Ask intake to readmit a discharged patient (intake opens an aftercare referral)",
            description = "Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Requested; Location names the request",
            headers = @Header(name = "Location", description = "The readmission request's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadmissionView.class)))
    public Response readmit(@PathParam("patientId") UUID patientId, @NotNull @Valid Readmission r,
                            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return followUps.readmit(patientId, r, idempotencyKey,
                view -> Response.created(UriBuilder.fromResource(FollowUpResource.class).path("readmission-requests")
                        .path(view.id().toString()).build()).entity(view).build());
    }

    @GET
    @Path("readmission-requests/{id}")
    @Operation(summary = "One readmission request")
    public ReadmissionView readmission(@PathParam("id") UUID id) {
        return followUps.readmission(id);
    }
}
