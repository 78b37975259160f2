package care.iop.notes.audit;

import care.iop.common.audit.AuditRecordsResource;
import jakarta.ws.rs.Path;

/** This service's audit trail, for auditors. */
@Path("/api/v1/notes/audit-records")
public class AuditResource extends AuditRecordsResource {
}
