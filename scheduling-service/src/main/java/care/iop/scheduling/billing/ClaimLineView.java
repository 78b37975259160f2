package care.iop.scheduling.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One claim line as billing systems read it. {@code kind} is {@code original} or {@code reversal}; a reversal names
 * the line it reverses ({@code reversesLineId}) and repeats its content; an original that was reversed says so
 * ({@code reversed}). The HCPCS code is null on a Medicare IOP day (per-diem class instead).
 */
public record ClaimLineView(UUID lineId, UUID billableDayId, String kind, UUID reversesLineId, boolean reversed,
                            UUID patientId, LocalDate date, String payerRuleSet, UUID coverageId,
                            String authorizationNumber, String hcpcsCode, String revenueCode, int units,
                            List<String> modifiers, String placeOfService, List<UUID> renderingStaffIds,
                            String perDiemClass, List<String> conditionCodes, String rulesVersion,
                            Instant recordedAt) {

    static ClaimLineView of(BillableLine l) {
        return new ClaimLineView(l.id, l.billableDayId, l.kind, l.reversesLineId, l.reversed, l.patientId,
                l.serviceDate, l.ruleSet, l.coverageId, l.authorizationNumber, l.code, l.revenueCode, l.units,
                BillableLine.split(l.modifiers), l.placeOfService,
                BillableLine.split(l.renderingStaffIds).stream().map(UUID::fromString).toList(), l.perDiemClass,
                BillableLine.split(l.conditionCodes), l.rulesVersion, l.recordedAt);
    }
}
