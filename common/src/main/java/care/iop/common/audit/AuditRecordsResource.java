package care.iop.common.audit;

import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.events.audit.AuditAction;
import care.iop.events.audit.AuditOutcome;
import jakarta.transaction.Transactional;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * A service's audit trail for its clinic's auditors. Each service exposes it by extending this class with its own
 * {@code @Path("/api/v1/<area>/audit-records")}.
 */
public abstract class AuditRecordsResource {

    @Inject
    AuditQuery audit;

    @Inject
    AuditLog auditLog;

    @Inject
    CallerContext caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AUDITOR, Roles.CLINIC_ADMIN})
    // Quarkus lists @RolesAllowed roles in an operation's security requirement only for methods declared in the
    // resource class itself; this one is inherited by each service's AuditResource, so it says so here (the
    // documents showed the audit trail as open to anyone).
    @SecurityRequirement(name = "SecurityScheme", scopes = {Roles.AUDITOR, Roles.CLINIC_ADMIN})
    @Tag(name = "Audit")
    @Operation(summary = "This service's audit trail for a patient or an actor, in the caller's clinic (auditors)")
    @Transactional
    public Page<AuditQuery.AuditRecord> find(@QueryParam("patientId") UUID patientId,
                                             @QueryParam("actor") String actor,
                                             @Parameter(schema = @Schema(implementation = AuditOutcome.class))
                                             @QueryParam("outcome") String outcome,
                                             @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        Page<AuditQuery.AuditRecord> page = audit.find(patientId, actor,
                outcome == null ? null : WireEnums.parse(AuditOutcome.class, outcome, "outcome"), limit, cursor);
        // Reading the audit trail is an access too: who looked at whose accounting of disclosures. The patient is
        // named only when the clinic has a trail for them, so an id of another clinic's patient is never filed here.
        UUID about = page.items().isEmpty() ? null : patientId;
        auditLog.record(AuditLog.Entry.success(AuditAction.READ, "audit-records", null, about,
                caller.requireClinicId()));
        return page;
    }
}
