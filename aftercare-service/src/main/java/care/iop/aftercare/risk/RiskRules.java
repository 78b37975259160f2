package care.iop.aftercare.risk;

import care.iop.events.aftercare.RiskFactor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The relapse-risk rule table (data, versioned): a weight per factor, a decay window and a threshold. A patient's
 * score is the sum of the weights of their signals that happened within the window — transparent by design, so a
 * case manager sees exactly which factors put someone on the list.
 */
public final class RiskRules {

    public static final String RESOURCE = "/care/iop/aftercare/risk/relapse-risk-rules-2026.1.json";

    public record Factor(String code, BigDecimal weight, String description) {
    }

    /** Something that happened to a patient, named by its factor. */
    public record Signal(String factor, Instant occurredAt) {
    }

    public record Score(BigDecimal total, List<RiskFactor> factors) {
    }

    private record Table(String version, String description, BigDecimal threshold, int decayDays,
                         List<Factor> factors) {
    }

    private final Table table;
    private final Map<String, Factor> byCode = new LinkedHashMap<>();

    private RiskRules(Table table) {
        this.table = table;
        if (table.version() == null || table.threshold() == null || table.threshold().signum() <= 0
                || table.decayDays() < 1 || table.factors() == null || table.factors().isEmpty()) {
            throw new IllegalStateException("Invalid relapse-risk rules: version, a positive threshold, decayDays and "
                    + "factors are required");
        }
        for (Factor f : table.factors()) {
            if (f.code() == null || f.weight() == null || f.weight().signum() < 0 || byCode.put(f.code(), f) != null) {
                throw new IllegalStateException("Invalid relapse-risk rules: factor codes unique, weights >= 0");
            }
        }
    }

    public static RiskRules load() {
        try (InputStream in = RiskRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RiskRules load(InputStream in) {
        try {
            return new RiskRules(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, Table.class));
        } catch (IOException e) {
            throw new IllegalStateException("Invalid relapse-risk rules: " + e.getMessage(), e);
        }
    }

    public String version() {
        return table.version();
    }

    public BigDecimal threshold() {
        return table.threshold();
    }

    public Duration decay() {
        return Duration.ofDays(table.decayDays());
    }

    public Optional<Factor> factor(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<Factor> factors() {
        return table.factors();
    }

    /** The score at {@code at}: signals from the decay window before it (none from the future), by factor. */
    public Score score(List<Signal> signals, Instant at) {
        Instant from = at.minus(decay());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Signal s : signals) {
            if (byCode.containsKey(s.factor()) && s.occurredAt().isAfter(from) && !s.occurredAt().isAfter(at)) {
                counts.merge(s.factor(), 1, Integer::sum);
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        List<RiskFactor> factors = new java.util.ArrayList<>();
        for (Factor f : table.factors()) {
            Integer n = counts.get(f.code());
            if (n != null) {
                factors.add(new RiskFactor(f.code(), f.weight(), n));
                total = total.add(f.weight().multiply(BigDecimal.valueOf(n)));
            }
        }
        return new Score(total.setScale(2, java.math.RoundingMode.HALF_UP), factors);
    }

    /** True when adding signals took the score from below the threshold to at or above it. */
    public boolean crossed(Score before, Score after) {
        return before.total().compareTo(threshold()) < 0 && after.total().compareTo(threshold()) >= 0;
    }
}
