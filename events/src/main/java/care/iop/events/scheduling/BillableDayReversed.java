package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.billable-day.reversed.v1}: The lines of a billable day were reversed because the
 * day's attendance changed (issue #23): each reversed line has a reversal line. When the day is still billable a
 * {@code billable-day.determined} with the new lines follows. Key (subject): the patient id.
 *
 * @param billableDayId the determination reversed
 * @param stillBillable whether a new determination of the day follows
 */
public record BillableDayReversed(
        UUID billableDayId,
        LocalDate serviceDate,
        UUID coverageId,
        String payerRuleSet,
        List<UUID> reversedLineIds,
        List<UUID> reversalLineIds,
        boolean stillBillable) implements EventData {
}
