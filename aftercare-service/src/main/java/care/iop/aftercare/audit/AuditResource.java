package care.iop.aftercare.audit;

import care.iop.common.audit.AuditQuery;
import care.iop.common.http.Page;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/v1/aftercare/audit-records")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@RolesAllowed({Roles.AUDITOR, Roles.CLINIC_ADMIN})
public class AuditResource {

    @Inject
    AuditQuery audit;

    @GET
    @Operation(summary = "The clinic's aftercare audit trail for a patient or an actor (auditors)")
    public Page<AuditQuery.AuditRecord> find(@QueryParam("patientId") UUID patientId,
                                             @QueryParam("actor") String actor,
                                             @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return audit.find(patientId, actor, limit, cursor);
    }
}
