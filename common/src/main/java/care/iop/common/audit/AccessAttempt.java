package care.iop.common.audit;

import care.iop.events.audit.AuditAction;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * What the request in progress is trying to reach, said by the code that knows (a disclosure names its patient
 * and category) before it checks whether the caller may. If the request is refused, {@link RefusalAudit} records
 * the refusal against this instead of what it can only read off the path.
 */
@RequestScoped
@Unremovable
public class AccessAttempt {

    private AuditLog.Entry target;

    public void about(AuditLog.Entry target) {
        this.target = target;
    }

    AuditLog.Entry target() {
        return target;
    }

    /** Convenience for the common case: an action on one resource of one patient. */
    public void about(AuditAction action, String resourceType, Object resourceId, UUID patientId, UUID clinicId) {
        about(AuditLog.Entry.success(action, resourceType, resourceId, patientId, clinicId));
    }
}
