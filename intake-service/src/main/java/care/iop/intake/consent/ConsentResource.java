package care.iop.intake.consent;

import care.iop.common.audit.AuditLog;
import care.iop.common.disclosure.ConsentAuthority;
import care.iop.common.http.ETags;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.intake.ConsentCategory;
import care.iop.events.intake.ConsentGranted;
import care.iop.events.intake.ConsentPurpose;
import care.iop.events.intake.ConsentRevoked;
import care.iop.intake.patient.Patient;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Part 2 consents and the authorisation check the gateway's partner disclosure relies on. */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consents (42 CFR Part 2)")
@RetryOnConflict
public class ConsentResource {

    static final String RESOURCE = "Consent";

    public enum SignatureMethod { ELECTRONIC, WET_INK, VERBAL_WITNESSED }

    public record ConsentRequest(UUID recipientPartnerId,
                                 @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String recipientClass,
                                 @NotEmpty Set<@NotNull ConsentCategory> categories,
                                 @NotNull ConsentPurpose purpose, @NotNull Instant expiresAt,
                                 @NotNull @PastOrPresent Instant signedAt, @NotNull SignatureMethod signatureMethod) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentView(UUID id, UUID patientId, UUID recipientPartnerId, String recipientClass,
                              List<ConsentCategory> categories, ConsentPurpose purpose, Instant expiresAt,
                              Instant signedAt, String signatureMethod, Instant revokedAt, boolean active,
                              long version) {
        static ConsentView of(Consent c) {
            return new ConsentView(c.id, c.patientId, c.recipientPartnerId, c.recipientClass, c.categoryList(),
                    c.purpose, c.expiresAt, c.signedAt, c.signatureMethod, c.revokedAt, c.activeAt(Instant.now()),
                    c.version);
        }
    }

    /** The answer to "may this partner see this category of this patient now?". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authorization(boolean permitted, UUID consentId, UUID clinicId, ConsentPurpose purpose,
                                List<ConsentCategory> categories, Instant expiresAt) {
        static final Authorization DENIED = new Authorization(false, null, null, null, null, null);
    }

    @Inject
    ClinicScope clinicScope;

    @Inject
    ConsentAuthorizations authorizations;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("patients/{patientId}/consents")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Record a signed Part 2 consent", description = "Names a partner or a class of recipients, "
            + "the data categories, the purpose and an expiry. Accepts Idempotency-Key.")
    public Response grant(@PathParam("patientId") UUID patientId, @NotNull @Valid ConsentRequest request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Patient patient = clinicScope.require(Patient.class, patientId);
            if ((request.recipientPartnerId() == null) == (request.recipientClass() == null)) {
                throw ProblemException.invalid("recipientPartnerId", "name either a partner or a class of recipients");
            }
            if (!request.expiresAt().isAfter(Instant.now())) {
                throw ProblemException.invalid("expiresAt", "must be in the future");
            }
            Consent c = new Consent();
            c.id = UUID.randomUUID();
            c.clinicId = patient.clinicId;
            c.patientId = patient.id;
            c.recipientPartnerId = request.recipientPartnerId();
            c.recipientClass = request.recipientClass();
            c.categories = request.categories().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
            c.purpose = request.purpose();
            c.expiresAt = request.expiresAt();
            c.signedAt = request.signedAt();
            c.signatureMethod = request.signatureMethod().name();
            c.persistAndFlush();
            outbox.publish(new ConsentGranted(c.id, c.recipientPartnerId, c.recipientClass, c.categoryList(), c.purpose,
                    c.expiresAt, Instant.now()), patient.id, patient.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, RESOURCE, c.id, patient.id, patient.clinicId)
                    .asSensitive());
            return Response.status(Response.Status.CREATED).entity(ConsentView.of(c)).tag(ETags.of(c.version)).build();
        });
    }

    @GET
    @Path("patients/{patientId}/consents")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CASE_MANAGER})
    @Operation(summary = "A patient's consents, active and past")
    public List<ConsentView> list(@PathParam("patientId") UUID patientId) {
        Patient patient = clinicScope.require(Patient.class, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, RESOURCE, null, patient.id, patient.clinicId).asSensitive());
        return Consent.<Consent>list("patientId = ?1 order by signedAt", patient.id).stream().map(ConsentView::of).toList();
    }

    @POST
    @Path("consents/{id}/revocation")
    @Transactional
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Revoke a consent; it stops authorising disclosures at once")
    public Response revoke(@PathParam("id") UUID id) {
        Consent c = clinicScope.require(Consent.class, id);
        if (c.revokedAt != null) {
            throw ProblemException.conflict("This consent is already revoked");
        }
        c.revokedAt = Instant.now();
        c.persistAndFlush();
        outbox.publish(new ConsentRevoked(c.id, c.revokedAt), c.patientId, c.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, RESOURCE, c.id, c.patientId, c.clinicId).asSensitive());
        return Response.ok(ConsentView.of(c)).tag(ETags.of(c.version)).build();
    }

    @GET
    @Path("consent-authorizations")
    @Transactional
    @RolesAllowed({Roles.PARTNER, Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "May a partner see a category of a patient's record now?",
            description = "Partners ask for themselves (partner from the token, class from its partner_class claim); "
                    + "clinic staff ask on a partner's behalf with partnerId. An unknown patient is simply not permitted. "
                    + "With purposeOfUse (HL7: TREAT, COC, HPAYMT, HOPERAT) only consents given for that purpose count.")
    public Authorization authorize(@QueryParam("patientId") @NotNull UUID patientId,
                                   @QueryParam("category") @NotNull String categoryName,
                                   @QueryParam("partnerId") UUID partnerId,
                                   @QueryParam("partnerClass") String partnerClass,
                                   @QueryParam("purposeOfUse") @Pattern(regexp = "[A-Z]{2,16}") String purposeOfUse) {
        ConsentCategory category = WireEnums.parse(ConsentCategory.class, categoryName, "category");
        boolean partnerCaller = caller.isPartner();
        UUID partner = partnerCaller ? caller.requirePartnerId() : partnerId;
        String recipientClass = partnerCaller ? caller.claim("partner_class").orElse(null) : partnerClass;
        if (partner == null) {
            throw ProblemException.invalid("partnerId", "is required");
        }
        Authorization answer = authorizations.activeConsent(patientId, category, partner, recipientClass,
                        partnerCaller ? null : caller.requireClinicId(),
                        purposeOfUse == null ? null : ConsentAuthority.purposesAllowing(purposeOfUse))
                .map(c -> new Authorization(true, c.id, c.clinicId, c.purpose, c.categoryList(), c.expiresAt))
                .orElse(Authorization.DENIED);
        if (answer.permitted()) {
            Consent c = Consent.findById(answer.consentId());
            audit.record(new AuditLog.Entry(AuditAction.READ, RESOURCE, c.id.toString(), c.patientId, c.clinicId,
                    care.iop.events.audit.AuditOutcome.SUCCESS, true));
        }
        return answer;
    }
}
