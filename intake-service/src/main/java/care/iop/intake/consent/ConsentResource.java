package care.iop.intake.consent;

import care.iop.common.disclosure.ConsentAuthority;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.events.intake.ConsentCategory;
import care.iop.intake.consent.ConsentApi.Authorization;
import care.iop.intake.consent.ConsentApi.ConsentRequest;
import care.iop.intake.consent.ConsentApi.ConsentView;
import care.iop.intake.consent.ConsentApi.PartnerConsentFilter;
import care.iop.intake.consent.ConsentApi.PartnerConsentPage;
import care.iop.intake.consent.ConsentApi.PartnerConsentView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/** Part 2 consents and the authorisation check the partner disclosures rely on. HTTP only: {@link ConsentService}. */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consents (42 CFR Part 2)")
public class ConsentResource {

    @Inject
    ConsentService consents;

    @Inject
    CallerContext caller;

    @Inject
    ConsentAuthorizations authorizations;

    @POST
    @Path("patients/{patientId}/consents")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Record a signed Part 2 consent", description = "Names a partner or a class of recipients, "
            + "the data categories, the purpose and an expiry. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the consent",
            headers = @Header(name = "Location", description = "The consent's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentView.class)))
    public Response grant(@PathParam("patientId") UUID patientId, @NotNull @Valid ConsentRequest request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return consents.grant(patientId, request, idempotencyKey, c -> Response.created(
                        UriBuilder.fromResource(ConsentResource.class).path("consents").path(c.id.toString()).build())
                .entity(ConsentView.of(c)).tag(ETags.of(c.version)).build());
    }

    @GET
    @Path("patients/{patientId}/consents")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    @Operation(summary = "A patient's consents, active and past")
    public List<ConsentView> list(@PathParam("patientId") UUID patientId) {
        return consents.list(patientId).stream().map(ConsentView::of).toList();
    }

    @GET
    @Path("consents/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    @Operation(summary = "Read a consent")
    @APIResponse(responseCode = "200", description = "The consent, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentView.class)))
    public Response get(@PathParam("id") UUID id) {
        ConsentView view = consents.read(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @POST
    @Path("consents/{id}/revocation")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Revoke a consent; it stops authorising disclosures at once")
    @APIResponse(responseCode = "200", description = "The consent, revoked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentView.class)))
    public Response revoke(@PathParam("id") UUID id) {
        Consent c = consents.revoke(id);
        return Response.ok(ConsentView.of(c)).tag(ETags.of(c.version)).build();
    }

    @GET
    @Path("partner-consents")
    @RolesAllowed(Roles.PARTNER)
    @Operation(summary = "The consents that name the calling partner (or its class of recipients)",
            description = "For partners: each consent naming you (partner_id) or your class of recipients "
                    + "(partner_class), in any clinic, newest signature first: the patient's id, the categories, the "
                    + "purpose, the dates and its state. No names or other patient data: read those as a disclosure "
                    + "(disclosures/patients/{id}/…). state active (the default) lists the consents in force now, all "
                    + "also the revoked and expired ones. Pages with limit (≤ 200) and nextCursor. Each consent listed "
                    + "is audited as a read of it by the partner.")
    @APIResponse(responseCode = "200", description = "A page of consents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PartnerConsentPage.class)))
    public PartnerConsentPage partnerConsents(@QueryParam("state") @Parameter(description = "active (the default): "
                                                      + "the consents in force now; all: also revoked and expired ones",
                                                      schema = @Schema(implementation = PartnerConsentFilter.class))
                                              String state,
                                              @QueryParam("patientId") @Parameter(description = "Only this patient's "
                                                      + "consents (e.g. to tell why a disclosure is refused)")
                                              UUID patientId,
                                              @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PartnerConsentFilter filter = WireEnums.parse(PartnerConsentFilter.class, state, "state");
        Page<PartnerConsentView> page = consents.ofPartner(filter, patientId, limit, cursor);
        return new PartnerConsentPage(page.items(), page.nextCursor());
    }

    @GET
    @Path("consent-authorizations")
    @RolesAllowed({Roles.PARTNER, Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "May a partner see a category of a patient's record now?",
            description = "Partners ask for themselves (partner from the token, class from its partner_class claim); "
                    + "clinic staff ask on a partner's behalf with partnerId. An unknown patient is simply not permitted. "
                    + "With purposeOfUse (HL7: TREAT, COC, HPAYMT, HOPERAT) only consents given for that purpose count.")
    public Authorization authorize(@QueryParam("patientId") @NotNull UUID patientId,
                                   @QueryParam("category") @NotNull @Parameter(description = "The record category",
                                           schema = @Schema(implementation = ConsentCategory.class)) String categoryName,
                                   @QueryParam("partnerId") UUID partnerId,
                                   @QueryParam("partnerClass") String partnerClass,
                                   @QueryParam("purposeOfUse") @Pattern(regexp = "[A-Z]{2,16}") String purposeOfUse) {
        ConsentCategory category = WireEnums.parse(ConsentCategory.class, categoryName, "category");
        boolean partnerCaller = caller.isPartner();
        ConsentAuthorizations.Recipient me = partnerCaller ? authorizations.callingPartner() : null;
        UUID partner = partnerCaller ? me.partnerId() : partnerId;
        String recipientClass = partnerCaller ? me.recipientClass() : partnerClass;
        if (partner == null) {
            throw ProblemException.invalid("partnerId", "is required");
        }
        return consents.authorize(patientId, category, partner, recipientClass,
                        partnerCaller ? null : caller.requireClinicId(),
                        purposeOfUse == null ? null : ConsentAuthority.purposesAllowing(purposeOfUse))
                .map(Authorization::of).orElse(Authorization.DENIED);
    }
}
