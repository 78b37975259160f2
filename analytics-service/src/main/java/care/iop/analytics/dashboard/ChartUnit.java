package care.iop.analytics.dashboard;

import java.util.Locale;

/** How a measure's values are scaled and written: rates (0–1, shown as %), counts, days. */
public enum ChartUnit {
    PERCENT,
    COUNT,
    DAYS,
    HOURS;

    /** How a value reads when there was nothing to measure (a rate over no discharges, no stays). */
    public static final String NONE = "none";

    /** The value as a reader sees it; null is a withheld value. */
    public String format(Double value) {
        if (value == null) {
            return DashboardView.WITHHELD;
        }
        return switch (this) {
            case PERCENT -> String.format(Locale.ROOT, "%.0f %%", value * 100);
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
            case DAYS -> String.format(Locale.ROOT, "%.0f days", value);
            case HOURS -> String.format(Locale.ROOT, "%.0f hours", value);
        };
    }

    /** An axis tick's label (shorter than {@link #format}). */
    String tick(double value) {
        return switch (this) {
            case PERCENT -> String.format(Locale.ROOT, "%.0f%%", value * 100);
            case COUNT, DAYS, HOURS -> value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%s", value);
        };
    }
}
