package care.iop.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Small-cell suppression so aggregates can be shared: a count from 1 to 10 is shown as {@code "<11"}, 0 and
 * counts of 11 or more as themselves; a rate is withheld (null) when its numerator or denominator is 1–10, and
 * undefined (null) when its denominator is 0.
 */
public final class SmallCellSuppression {

    public static final String SUPPRESSED = "<11";
    static final int THRESHOLD = 11;

    private SmallCellSuppression() {
    }

    public static boolean isSmall(long count) {
        return count >= 1 && count < THRESHOLD;
    }

    public static String count(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a count is never negative");
        }
        return isSmall(count) ? SUPPRESSED : Long.toString(count);
    }

    /** numerator / denominator rounded to 4 places, or null when withheld or undefined. */
    public static Double rate(long numerator, long denominator) {
        if (denominator == 0 || isSmall(numerator) || isSmall(denominator)) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
