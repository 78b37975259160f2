package care.iop.medication.audit;

import care.iop.common.audit.AuditRecordsResource;
import jakarta.ws.rs.Path;

/** This service's audit trail, for auditors. */
@Path("/api/v1/medications/audit-records")
public class AuditResource extends AuditRecordsResource {
}
