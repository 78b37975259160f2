package care.iop.events.scheduling;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.attendance.compliance-changed.v1}: An enrollment's weekly hours-compliance status
 * changed. Key (subject): the patient id.
 */
public record AttendanceComplianceChanged(
        UUID enrollmentId,
        LocalDate weekStart,
        @Nullable ComplianceStatus previousStatus,
        ComplianceStatus status,
        BigDecimal scheduledHours,
        BigDecimal attendedHours,
        BigDecimal targetHours,
        int consecutiveUnexcusedAbsences) implements EventData {
}
