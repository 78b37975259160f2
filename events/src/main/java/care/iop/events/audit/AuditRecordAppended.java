package care.iop.events.audit;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.audit.record.appended.v1}: An access to patient data was recorded in a service's audit log. The
 * source IP address is kept in the log but not published: IP addresses are HIPAA Safe Harbor identifiers. Key
 * (subject): the patient id, else the resource id when it is a UUID, else the audit id.
 */
public record AuditRecordAppended(
        UUID auditId,
        Instant occurredAt,
        @Nullable String actorSubject,
        @Nullable String actorClientId,
        List<String> actorRoles,
        @Nullable UUID clinicId,
        @Nullable UUID patientId,
        String resourceType,
        @Nullable String resourceId,
        AuditAction action,
        AuditOutcome outcome,
        String requestId,
        @Nullable String purposeOfUse,
        boolean sensitive) implements EventData {
}
