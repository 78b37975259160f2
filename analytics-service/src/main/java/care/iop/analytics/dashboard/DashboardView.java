package care.iop.analytics.dashboard;

import care.iop.analytics.MeasuresAnswer;
import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.analytics.PeriodKind;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the page shows, from one {@link MeasuresAnswer}: headline tiles for the latest complete period (its last day
 * before today) and a chart with a table of values for each measure of {@link DashboardMeasures#SECTIONS}.
 */
public record DashboardView(String periodWord, String rangeText, String track, Period latest, List<Tile> tiles,
                            List<SectionView> sections) {

    /** How a withheld value reads (the API's "<11"; rates built on it are withheld too). */
    public static final String WITHHELD = "<11 — withheld";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    public record Period(String label, String dates) {
    }

    /** A headline number; {@code withheld} when the value is suppressed or undefined, {@code note} a comparison. */
    public record Tile(String id, String label, String value, boolean withheld, String note) {
    }

    /** A chart, and the same values as rows for the table under it. */
    public record ChartView(String id, String title, String svg, String description, List<Row> rows,
                            String reference) {
    }

    public record Row(String label, String dates, String value) {
    }

    public record SectionView(String id, String title, List<ChartView> charts, String whenEmpty) {
    }

    public static DashboardView of(MeasuresAnswer answer, LocalDate today) {
        PeriodMeasures latest = latestComplete(answer.periods(), today);
        List<Tile> tiles = new ArrayList<>();
        for (DashboardMeasure m : DashboardMeasures.TILES) {
            tiles.add(tile(m, latest));
        }
        List<SectionView> sections = new ArrayList<>();
        for (DashboardMeasures.Section s : DashboardMeasures.SECTIONS) {
            sections.add(new SectionView(s.id(), s.title(),
                    s.measures().stream().map(m -> chart(m, answer.periods())).toList(), s.whenEmpty()));
        }
        String word = answer.period() == PeriodKind.WEEK ? "week" : "month";
        return new DashboardView(word, DAY.format(answer.from()) + " to " + DAY.format(answer.to()), answer.track(),
                latest == null ? null : new Period(latest.label(), dates(latest)), tiles, sections);
    }

    /** The last period that ended before today; null when none in the answer has. */
    static PeriodMeasures latestComplete(List<PeriodMeasures> periods, LocalDate today) {
        PeriodMeasures latest = null;
        for (PeriodMeasures p : periods) {
            if (p.end().isBefore(today)) {
                latest = p;
            }
        }
        return latest;
    }

    static Tile tile(DashboardMeasure m, PeriodMeasures period) {
        String note = m.reference() == null ? null : m.reference().label();
        if (period == null) {
            return new Tile("tile-" + m.id(), m.title(), "no complete period", false, note);
        }
        return new Tile("tile-" + m.id(), m.title(), m.format(period), m.point(period).withheld(), note);
    }

    static ChartView chart(DashboardMeasure m, List<PeriodMeasures> periods) {
        List<TrendChart.Point> points = periods.stream().map(m::point).toList();
        TrendChart chart = (m.shape() == TrendChart.Shape.BARS ? TrendChart.bars(m.id(), m.title(), m.unit())
                : TrendChart.line(m.id(), m.title(), m.unit())).points(points).reference(m.reference());
        List<Row> rows = periods.stream().map(p -> new Row(p.label(), dates(p), m.format(p))).toList();
        String reference = m.reference() == null ? null : m.reference().label();
        return new ChartView(m.id(), m.title(), chart.svg(), chart.description(), rows, reference);
    }

    private static String dates(PeriodMeasures p) {
        return DAY.format(p.start()) + " – " + DAY.format(p.end());
    }
}
