package care.iop.analytics.dashboard;

import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.analytics.MeasuresAnswer.Rate;
import care.iop.analytics.SmallCellSuppression;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One measure of the answer as the dashboard shows it: an id (for the page's element ids), a title, a unit, how to
 * read its value from a period (null: withheld or undefined), and an optional reference line.
 */
public record DashboardMeasure(String id, String title, ChartUnit unit, TrendChart.Shape shape,
                               Function<PeriodMeasures, Double> value, Predicate<PeriodMeasures> nothingToMeasure,
                               TrendChart.Reference reference) {

    /** A suppressed count ("<11" or a number) drawn as bars. */
    public static DashboardMeasure count(String id, String title, Function<PeriodMeasures, String> count) {
        return new DashboardMeasure(id, title, ChartUnit.COUNT, TrendChart.Shape.BARS,
                p -> parseCount(count.apply(p)), p -> false, null);
    }

    /** A {@link Rate} of the answer, drawn as a line in percent. */
    public static DashboardMeasure rate(String id, String title, Function<PeriodMeasures, Rate> rate) {
        return new DashboardMeasure(id, title, ChartUnit.PERCENT, TrendChart.Shape.LINE, p -> {
            Rate r = rate.apply(p);
            return r == null ? null : r.rate();
        }, p -> {
            Rate r = rate.apply(p);
            return r == null || "0".equals(r.denominator());
        }, null);
    }

    /** A plain ratio (0–1) of the answer, drawn as a line in percent; nothing to measure when its base is 0. */
    public static DashboardMeasure ratio(String id, String title, Function<PeriodMeasures, Double> ratio,
                                         Function<PeriodMeasures, String> base) {
        return new DashboardMeasure(id, title, ChartUnit.PERCENT, TrendChart.Shape.LINE, ratio,
                p -> "0".equals(base.apply(p)), null);
    }

    /** A number of days, drawn as a line; nothing to measure when its base is 0. */
    public static DashboardMeasure days(String id, String title, Function<PeriodMeasures, Double> days,
                                        Function<PeriodMeasures, String> base) {
        return new DashboardMeasure(id, title, ChartUnit.DAYS, TrendChart.Shape.LINE, days,
                p -> "0".equals(base.apply(p)), null);
    }

    /** A number of hours, drawn as a line; nothing to measure when its base is 0. */
    public static DashboardMeasure hours(String id, String title, Function<PeriodMeasures, Double> hours,
                                         Function<PeriodMeasures, String> base) {
        return new DashboardMeasure(id, title, ChartUnit.HOURS, TrendChart.Shape.LINE, hours,
                p -> "0".equals(base.apply(p)), null);
    }

    public DashboardMeasure withReference(double at, String label) {
        return new DashboardMeasure(id, title, unit, shape, value, nothingToMeasure,
                new TrendChart.Reference(at, label));
    }

    /** The period's point: its value, or a gap (withheld, or nothing to measure). */
    public TrendChart.Point point(PeriodMeasures period) {
        Double v = value.apply(period);
        return v == null && nothingToMeasure.test(period) ? TrendChart.Point.none(period.label())
                : TrendChart.Point.of(period.label(), v);
    }

    /** The period's value as a reader sees it: a number, "<11 — withheld", or "none". */
    public String format(PeriodMeasures period) {
        TrendChart.Point p = point(period);
        return p.value() == null && !p.withheld() ? ChartUnit.NONE : unit.format(p.value());
    }

    /** "<11" (withheld) is null; a count is its number. */
    static Double parseCount(String count) {
        if (count == null || SmallCellSuppression.SUPPRESSED.equals(count)) {
            return null;
        }
        return Double.valueOf(count);
    }
}
