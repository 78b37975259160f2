package care.iop.events.scheduling;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.billable-day.determined.v1}: A patient's day became billable to a payer under one
 * authorization (coverage), with its claim lines (issue #23). A later change to the day is a
 * {@code billable-day.reversed} of these lines, then a new {@code billable-day.determined}; lines are never edited.
 * Key (subject): the patient id.
 *
 * @param billableDayId the determination; its lines share it
 * @param payerRuleSet  the payer rule set (e.g. h0015) the day was decided under
 * @param rulesVersion  the payer rule table version
 */
public record BillableDayDetermined(
        UUID billableDayId,
        LocalDate serviceDate,
        UUID coverageId,
        String payerRuleSet,
        List<Line> lines,
        @Nullable String perDiemClass,
        List<String> conditionCodes,
        List<UUID> renderingStaffIds,
        String rulesVersion) implements EventData {

    /** One claim line: HCPCS/CPT code (null for a Medicare IOP day), revenue code (institutional claims only). */
    public record Line(
            UUID lineId,
            @Nullable String code,
            @Nullable String revenueCode,
            int units,
            List<String> modifiers,
            @Nullable String placeOfService) {
    }
}
