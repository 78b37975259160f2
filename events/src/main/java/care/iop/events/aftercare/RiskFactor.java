package care.iop.events.aftercare;

import java.math.BigDecimal;

/** One factor contributing to a relapse-risk score. */
public record RiskFactor(
        String code,
        BigDecimal weight,
        int occurrences) {
}
