package care.iop.events.scheduling;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.attendance.compliance-changed.v1}: An enrollment's week was judged for hours compliance
 * — once when the week has ended, and again only if a late attendance entry changes the judged status. Weeks still
 * to come or under way are never announced. Key (subject): the patient id.
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
