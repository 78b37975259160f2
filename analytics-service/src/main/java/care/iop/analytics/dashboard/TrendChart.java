package care.iop.analytics.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A trend over periods drawn as an inline SVG line or bar chart, on the server (no script in the browser). Values
 * are null where they are withheld (small-cell suppression): those periods are gaps, marked at the baseline and
 * named in the legend. An optional horizontal reference line (a national benchmark) is drawn dashed.
 */
public final class TrendChart {

    public enum Shape { LINE, BARS }

    /** One period: its label and value; null is a gap, marked as withheld when {@code withheld}. */
    public record Point(String label, Double value, boolean withheld) {
        /** A value, or a withheld one when null. */
        public static Point of(String label, Double value) {
            return new Point(label, value, value == null);
        }

        /** A period with nothing to measure (a rate over no one): a gap, not marked as withheld. */
        public static Point none(String label) {
            return new Point(label, null, false);
        }
    }

    /** A horizontal line at {@code value} with its legend text. */
    public record Reference(double value, String label) {
    }

    public static final String WITHHELD_LEGEND = "<11 — withheld";

    static final int WIDTH = 640;
    static final int HEIGHT = 280;
    static final int LEFT = 52;
    static final int RIGHT = 16;
    static final int TOP = 58;
    /** Legend rows sit above the plot; an item that would not fit on a row starts the next one. */
    private static final int LEGEND_ROW = 20;
    private static final double LEGEND_CHAR_WIDTH = 7.5;
    static final int BOTTOM = 36;
    static final int MAX_X_LABELS = 8;
    private static final int Y_INTERVALS = 5;

    private final String id;
    private final String title;
    private final ChartUnit unit;
    private final Shape shape;
    private List<Point> points = List.of();
    private Reference reference;

    private TrendChart(String id, String title, ChartUnit unit, Shape shape) {
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a chart id is lower-case letters, digits and hyphens");
        }
        this.id = id;
        this.title = Objects.requireNonNull(title);
        this.unit = Objects.requireNonNull(unit);
        this.shape = shape;
    }

    public static TrendChart line(String id, String title, ChartUnit unit) {
        return new TrendChart(id, title, unit, Shape.LINE);
    }

    public static TrendChart bars(String id, String title, ChartUnit unit) {
        return new TrendChart(id, title, unit, Shape.BARS);
    }

    public TrendChart points(List<Point> points) {
        this.points = List.copyOf(points);
        return this;
    }

    public TrendChart reference(Reference reference) {
        this.reference = reference;
        return this;
    }

    /** The y axis: 0 % to 100 % for rates, else 0 to a round value at or above the largest value (and reference). */
    public List<Double> ticks() {
        if (unit == ChartUnit.PERCENT) {
            return Ticks.upTo(1.0, Y_INTERVALS);
        }
        double max = points.stream().map(Point::value).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        if (reference != null) {
            max = Math.max(max, reference.value());
        }
        return Ticks.upTo(max, Y_INTERVALS);
    }

    /** The vertical position of a value (SVG y grows downwards). */
    public double y(double value) {
        List<Double> ticks = ticks();
        double top = ticks.get(ticks.size() - 1);
        return baseline() - (value / top) * (baseline() - TOP);
    }

    /** The horizontal centre of the {@code index}th period. */
    public double x(int index) {
        return LEFT + (index + 0.5) * band();
    }

    public double baseline() {
        return HEIGHT - BOTTOM;
    }

    /** Indexes of the periods whose value is withheld. */
    public List<Integer> withheld() {
        List<Integer> gaps = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).withheld()) {
                gaps.add(i);
            }
        }
        return gaps;
    }

    /** Every n-th period is labelled on the x axis so labels do not overlap; the last is always labelled. */
    public boolean labelled(int index) {
        int every = (int) Math.ceil(points.size() / (double) MAX_X_LABELS);
        return index == points.size() - 1 || (points.size() - 1 - index) % every == 0;
    }

    /** A sentence for screen readers (the table under the chart has every value). */
    public String description() {
        if (points.isEmpty()) {
            return title + ": no periods.";
        }
        StringBuilder s = new StringBuilder(title).append(", ").append(points.get(0).label()).append(" to ")
                .append(points.get(points.size() - 1).label()).append('.');
        Point last = points.get(points.size() - 1);
        s.append(" Latest (").append(last.label()).append("): ")
                .append(last.value() == null && !last.withheld() ? ChartUnit.NONE : unit.format(last.value()))
                .append('.');
        int gaps = withheld().size();
        if (gaps > 0) {
            s.append(' ').append(gaps).append(gaps == 1 ? " period" : " periods")
                    .append(" withheld (fewer than 11).");
        }
        if (reference != null) {
            s.append(" Reference line: ").append(reference.label()).append(", ")
                    .append(unit.format(reference.value())).append('.');
        }
        return s.toString();
    }

    public String svg() {
        Svg svg = new Svg();
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "id", "chart-" + id,
                "class", "chart chart-" + shape.name().toLowerCase(Locale.ROOT),
                "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img", "focusable", "false",
                "aria-labelledby", "chart-" + id + "-title", "aria-describedby", "chart-" + id + "-desc");
        svg.element("title", title, "id", "chart-" + id + "-title");
        svg.element("desc", description(), "id", "chart-" + id + "-desc");
        yAxis(svg);
        xAxis(svg);
        if (reference != null) {
            svg.open("g", "class", "reference");
            svg.empty("line", "class", "reference-line", "x1", n(LEFT), "x2", n(WIDTH - RIGHT),
                    "y1", n(y(reference.value())), "y2", n(y(reference.value())));
            svg.close("g");
        }
        series(svg);
        withheldMarks(svg);
        legend(svg);
        svg.close("svg");
        return svg.toString();
    }

    private void yAxis(Svg svg) {
        svg.open("g", "class", "axis axis-y", "aria-hidden", "true");
        for (double tick : ticks()) {
            svg.empty("line", "class", tick == 0 ? "baseline" : "grid", "x1", n(LEFT), "x2", n(WIDTH - RIGHT),
                    "y1", n(y(tick)), "y2", n(y(tick)));
            svg.element("text", unit.tick(tick), "class", "tick", "x", n(LEFT - 6), "y", n(y(tick) + 4),
                    "text-anchor", "end");
        }
        svg.close("g");
    }

    private void xAxis(Svg svg) {
        svg.open("g", "class", "axis axis-x", "aria-hidden", "true");
        for (int i = 0; i < points.size(); i++) {
            if (labelled(i)) {
                svg.element("text", points.get(i).label(), "class", "tick", "x", n(x(i)), "y", n(baseline() + 18),
                        "text-anchor", "middle");
            }
        }
        svg.close("g");
    }

    private void series(Svg svg) {
        svg.open("g", "class", "series");
        if (shape == Shape.BARS) {
            double width = band() * 0.6;
            for (int i = 0; i < points.size(); i++) {
                Double v = points.get(i).value();
                if (v != null) {
                    svg.empty("rect", "class", "bar", "x", n(x(i) - width / 2), "y", n(y(v)), "width", n(width),
                            "height", n(baseline() - y(v)));
                }
            }
        } else {
            List<String> segment = new ArrayList<>();
            for (int i = 0; i <= points.size(); i++) {
                Double v = i < points.size() ? points.get(i).value() : null;
                if (v != null) {
                    segment.add(n(x(i)) + "," + n(y(v)));
                } else {
                    if (segment.size() > 1) {
                        svg.empty("polyline", "class", "line", "fill", "none", "points", String.join(" ", segment));
                    }
                    segment.clear();
                }
            }
            for (int i = 0; i < points.size(); i++) {
                Double v = points.get(i).value();
                if (v != null) {
                    svg.empty("circle", "class", "point", "cx", n(x(i)), "cy", n(y(v)), "r", "3.5");
                }
            }
        }
        svg.close("g");
    }

    private void withheldMarks(Svg svg) {
        if (withheld().isEmpty()) {
            return;
        }
        svg.open("g", "class", "withheld");
        for (int i : withheld()) {
            svg.empty("rect", "class", "withheld-mark", "x", n(x(i) - 4), "y", n(baseline() - 10), "width", "8",
                    "height", "8");
        }
        svg.close("g");
    }

    private void legend(Svg svg) {
        svg.open("g", "class", "legend");
        double[] at = {LEFT, 0};
        legendItem(svg, at, "legend-series", title);
        if (reference != null) {
            legendItem(svg, at, "legend-reference", reference.label());
        }
        if (!withheld().isEmpty()) {
            legendItem(svg, at, "legend-withheld", WITHHELD_LEGEND);
        }
        svg.close("g");
    }

    /** Draws one item at {@code at} (x, row) and moves it on. */
    private static void legendItem(Svg svg, double[] at, String swatch, String text) {
        double width = 20 + text.length() * LEGEND_CHAR_WIDTH;
        if (at[0] > LEFT && at[0] + width > WIDTH - RIGHT) {
            at[0] = LEFT;
            at[1]++;
        }
        double y = 8 + at[1] * LEGEND_ROW;
        svg.empty("rect", "class", swatch, "x", n(at[0]), "y", n(y), "width", "14", "height", "10");
        svg.element("text", text, "class", "legend-text", "x", n(at[0] + 20), "y", n(y + 9));
        at[0] += width + 18;
    }

    private double band() {
        return (WIDTH - LEFT - RIGHT) / (double) Math.max(points.size(), 1);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Just enough XML writing: escaped text and attribute values. */
    private static final class Svg {
        private final StringBuilder out = new StringBuilder();

        void open(String name, String... attributes) {
            out.append('<').append(name);
            attributes(attributes);
            out.append('>');
        }

        void empty(String name, String... attributes) {
            out.append('<').append(name);
            attributes(attributes);
            out.append("/>");
        }

        void element(String name, String text, String... attributes) {
            open(name, attributes);
            out.append(escape(text));
            close(name);
        }

        void close(String name) {
            out.append("</").append(name).append('>');
        }

        private void attributes(String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                out.append(' ').append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
            }
        }

        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
