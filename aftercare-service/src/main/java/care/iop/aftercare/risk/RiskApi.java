package care.iop.aftercare.risk;

import care.iop.events.aftercare.RiskFactor;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the relapse-risk endpoints. */
public final class RiskApi {

    private RiskApi() {
    }

    public record RiskView(UUID patientId, BigDecimal score, BigDecimal threshold, String ruleVersion,
                           int decayDays, List<RiskFactor> factors, FlagView openFlag) {
    }

    public record FlagView(UUID id, BigDecimal score, BigDecimal threshold, String ruleVersion, List<RiskFactor> factors,
                           Instant flaggedAt, RiskFlag.Status status, UUID acknowledgedBy, Instant acknowledgedAt,
                           String acknowledgementAction, long version) {
        static FlagView of(RiskFlag f) {
            return f == null ? null : new FlagView(f.id, f.score, f.threshold, f.ruleVersion, f.factors, f.flaggedAt,
                    f.status, f.acknowledgedBy, f.acknowledgedAt, f.actionCode, f.version);
        }
    }

    /** @param action the action taken, a code such as {@code outreach-call} (as intake's screening acknowledgement) */
    public record Acknowledgement(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}") String action) {
    }
}
