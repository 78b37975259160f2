package care.iop.analytics.dashboard;

import java.util.ArrayList;
import java.util.List;

/** Axis ticks at round steps (1, 2 or 5 times a power of ten) from 0 to at least the largest value. */
public final class Ticks {

    private Ticks() {
    }

    /**
     * Ticks 0, step, 2·step … up to the first tick at or above {@code max}, with at most {@code intervals} steps.
     * A {@code max} of 0 or less gives 0 and 1 (an empty chart still has an axis).
     */
    public static List<Double> upTo(double max, int intervals) {
        if (intervals < 1) {
            throw new IllegalArgumentException("at least one interval");
        }
        if (max <= 0) {
            return List.of(0.0, 1.0);
        }
        double step = niceStep(max / intervals);
        List<Double> ticks = new ArrayList<>();
        int n = (int) Math.ceil(max / step - 1e-9);
        for (int i = 0; i <= n; i++) {
            ticks.add(round(i * step));
        }
        return ticks;
    }

    /** The smallest of 1, 2, 5 × 10^k that is at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw - 1e-12) {
                return round(m * power);
            }
        }
        return round(10 * power);
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
