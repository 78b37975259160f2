package care.iop.intake.referral;

import care.iop.common.http.ETags;
import care.iop.common.http.WireEnums;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.intake.referral.ReferralApi.ReferralAnswer;
import care.iop.intake.referral.ReferralApi.ReferralHistory;
import care.iop.intake.referral.ReferralApi.ReferralPage;
import care.iop.intake.referral.ReferralApi.ReferralRequest;
import care.iop.intake.referral.ReferralApi.StatusChange;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.UUID;

@Path("/api/v1/intake/referrals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Referrals")
public class ReferralResource {

    @Inject
    ReferralService referrals;

    @Inject
    CallerContext caller;

    @POST
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.PARTNER})
    @Operation(summary = "Receive a referral",
            description = "Staff and EHRs refer an existing patient (patientId) or a new one (patient); partners send "
                    + "the person and the clinicId. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Received: the staff view, or the partner's view for a partner; "
            + "Location names the referral",
            headers = @Header(name = "Location", description = "The referral's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReferralAnswer.class)))
    public Response create(@NotNull @Valid ReferralRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        boolean partner = caller.isPartner();
        return referrals.receive(request, idempotencyKey, r -> Response.created(
                        UriBuilder.fromResource(ReferralResource.class).path(r.id.toString()).build())
                .entity(partner ? ReferralApi.PartnerReferralView.of(r) : ReferralApi.ReferralView.of(r))
                .tag(ETags.of(r.version)).build());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    @Operation(summary = "Read a referral (partners: only their own, status only)")
    @APIResponse(responseCode = "200", description = "The staff view, or the partner's view for a partner",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReferralAnswer.class)))
    public Response get(@PathParam("id") UUID id) {
        Referral r = referrals.read(id);
        ReferralAnswer view = caller.isPartner() ? ReferralApi.PartnerReferralView.of(r) : ReferralApi.ReferralView.of(r);
        return Response.ok(view).tag(ETags.of(r.version)).build();
    }

    @GET
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    @Operation(summary = "List referrals, newest first (partners: their own)",
            description = "Newest received first (then by id). Filters: status; receivedFrom and receivedTo, whole days "
                    + "(yyyy-MM-dd, UTC, both inclusive). Pages with limit (≤ 200) and the nextCursor; the cursor "
                    + "keeps its place while referrals arrive. Each referral listed is audited as read.")
    @APIResponse(responseCode = "200", description = "A page of referrals, each as its reader may see it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReferralPage.class)))
    public ReferralPage list(@QueryParam("status") @Parameter(description = "Only referrals in this status",
                                     schema = @Schema(implementation = ReferralStatus.class)) String status,
                             @QueryParam("receivedFrom") @Parameter(description = "Only referrals received on or after "
                                     + "this day (UTC), yyyy-MM-dd") LocalDate receivedFrom,
                             @QueryParam("receivedTo") @Parameter(description = "Only referrals received on or before "
                                     + "this day (UTC), yyyy-MM-dd; not before receivedFrom") LocalDate receivedTo,
                             @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        ReferralStatus wanted = WireEnums.parse(ReferralStatus.class, status, "status");
        Page<Referral> page = referrals.list(wanted, receivedFrom, receivedTo, limit, cursor);
        boolean partner = caller.isPartner();
        return new ReferralPage(page.items().stream().map(r -> partner ? (ReferralAnswer) ReferralApi.PartnerReferralView.of(r)
                : ReferralApi.ReferralView.of(r)).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.PARTNER})
    @Operation(summary = "A referral's status history, oldest first (partners: only their own)",
            description = "Every status the referral took and when, with the decision's reason code for declined and "
                    + "referred-out. Visible to whoever may read the referral (404 otherwise); audited as a read of it.")
    @APIResponse(responseCode = "200", description = "The history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReferralHistory.class)))
    public ReferralHistory history(@PathParam("id") UUID id) {
        return ReferralHistory.of(id, referrals.history(id));
    }

    @POST
    @Path("{id}/status")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Move a referral along its pipeline",
            description = "received → screening → assessment-scheduled → assessed → declined (reason) | "
                    + "referred-out (reason, recommended level, destination); other moves are 409.")
    @APIResponse(responseCode = "200", description = "The referral in its new status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReferralApi.ReferralView.class)))
    public Response changeStatus(@PathParam("id") UUID id, @NotNull @Valid StatusChange change,
                                 @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Referral r = referrals.changeStatus(id, change, ifMatch);
        return Response.ok(ReferralApi.ReferralView.of(r)).tag(ETags.of(r.version)).build();
    }
}
