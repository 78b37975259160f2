package care.iop.events.aftercare;

import care.iop.events.EventData;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.relapse-risk.flagged.v1}: A patient's relapse-risk score crossed its threshold. Key
 * (subject): the patient id.
 */
public record RelapseRiskFlagged(
        UUID flagId,
        BigDecimal score,
        BigDecimal threshold,
        String ruleTableVersion,
        List<RiskFactor> factors,
        Instant flaggedAt) implements EventData {
}
