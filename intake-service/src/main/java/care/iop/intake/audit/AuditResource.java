package care.iop.intake.audit;

import care.iop.common.audit.AuditRecordsResource;
import jakarta.ws.rs.Path;

/** This service's audit trail, for auditors. */
@Path("/api/v1/intake/audit-records")
public class AuditResource extends AuditRecordsResource {
}
