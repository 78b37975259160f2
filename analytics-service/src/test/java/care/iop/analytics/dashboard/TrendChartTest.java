package care.iop.analytics.dashboard;

import care.iop.analytics.dashboard.TrendChart.Point;
import care.iop.analytics.dashboard.TrendChart.Reference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendChartTest {

    private static final List<Point> RATES = List.of(Point.of("2026-W01", 0.40), Point.of("2026-W02", 0.50),
            Point.of("2026-W03", null), Point.of("2026-W04", 0.25), Point.none("2026-W05"), Point.of("2026-W06", 0.30));

    private static TrendChart completion() {
        return TrendChart.line("completion-rate", "Completion rate", ChartUnit.PERCENT).points(RATES)
                .reference(new Reference(0.38, "TEDS-D national IOP: 38 % completed"));
    }

    @Test
    void rates_are_drawn_from_0_to_100_percent() {
        TrendChart chart = completion();
        assertThat(chart.ticks()).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(chart.y(0)).isEqualTo(chart.baseline());
        assertThat(chart.y(1.0)).isEqualTo(TrendChart.TOP);
        assertThat(chart.y(0.5)).isEqualTo((chart.baseline() + TrendChart.TOP) / 2);
        assertThat(chart.svg()).contains(">0%</text>", ">40%</text>", ">100%</text>");
    }

    @Test
    void counts_are_scaled_to_a_round_value_above_the_largest_or_the_reference() {
        TrendChart census = TrendChart.bars("census", "Census", ChartUnit.COUNT)
                .points(List.of(Point.of("2026-01", 37.0), Point.of("2026-02", 44.0)));
        assertThat(census.ticks()).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0);
        TrendChart stay = TrendChart.line("stay", "Median stay", ChartUnit.DAYS)
                .points(List.of(Point.of("2026-01", 20.0))).reference(new Reference(41, "TEDS-D"));
        assertThat(stay.ticks()).last().isEqualTo(50.0);
    }

    @Test
    void periods_share_the_width_and_labels_are_thinned_to_at_most_eight() {
        TrendChart chart = completion();
        double band = (TrendChart.WIDTH - TrendChart.LEFT - TrendChart.RIGHT) / 6.0;
        assertThat(chart.x(0)).isEqualTo(TrendChart.LEFT + band / 2);
        assertThat(chart.x(5)).isCloseTo(TrendChart.WIDTH - TrendChart.RIGHT - band / 2,
                org.assertj.core.data.Offset.offset(1e-9));

        List<Point> weeks = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            weeks.add(Point.of(String.format("2026-W%02d", i), 1.0 * i));
        }
        TrendChart many = TrendChart.bars("admissions", "Admissions", ChartUnit.COUNT).points(weeks);
        long labelled = java.util.stream.IntStream.range(0, 20).filter(many::labelled).count();
        assertThat(labelled).isLessThanOrEqualTo(TrendChart.MAX_X_LABELS);
        assertThat(many.labelled(19)).as("the latest period is always labelled").isTrue();
    }

    @Test
    void withheld_values_are_gaps_marked_at_the_baseline_with_a_legend() {
        String svg = completion().svg();
        // One line W01-W02; W04 and W06 stand alone between gaps (dots, no line).
        assertThat(count(svg, "<polyline")).isEqualTo(1);
        assertThat(count(svg, "<circle")).isEqualTo(4);
        assertThat(completion().withheld()).containsExactly(2);
        assertThat(count(svg, "class=\"withheld-mark\"")).as("W05 had nothing to measure: a gap, not withheld")
                .isEqualTo(1);
        assertThat(svg).contains("&lt;11 — withheld");
    }

    @Test
    void without_withheld_values_there_is_no_withheld_legend() {
        String svg = TrendChart.line("attendance", "Attendance", ChartUnit.PERCENT)
                .points(List.of(Point.of("2026-W01", 0.8), Point.of("2026-W02", 0.9))).svg();
        assertThat(svg).doesNotContain("withheld");
        assertThat(count(svg, "<polyline")).isEqualTo(1);
    }

    @Test
    void the_reference_line_is_drawn_at_its_value() {
        TrendChart chart = completion();
        String y = String.format(java.util.Locale.ROOT, "%.1f", chart.y(0.38));
        assertThat(chart.svg()).contains("class=\"reference-line\"", "y1=\"" + y + "\"",
                "TEDS-D national IOP: 38 % completed");
    }

    @Test
    void the_chart_is_an_image_labelled_by_its_title_and_described_in_words() {
        TrendChart chart = completion();
        String svg = chart.svg();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-completion-rate\"")
                .contains("role=\"img\"", "aria-labelledby=\"chart-completion-rate-title\"",
                        "aria-describedby=\"chart-completion-rate-desc\"",
                        "<title id=\"chart-completion-rate-title\">Completion rate</title>")
                .doesNotContain("style=");
        assertThat(chart.description()).isEqualTo("Completion rate, 2026-W01 to 2026-W06. Latest (2026-W06): 30 %. "
                + "1 period withheld (fewer than 11). Reference line: TEDS-D national IOP: 38 % completed, 38 %.");
    }

    @Test
    void text_is_escaped_and_ids_are_plain() {
        String svg = TrendChart.bars("x", "A & <B>", ChartUnit.COUNT).points(List.of(Point.of("<1>", 3.0))).svg();
        assertThat(svg).contains("A &amp; &lt;B&gt;", "&lt;1&gt;").doesNotContain("<B>");
        assertThatThrownBy(() -> TrendChart.line("Bad id\"", "t", ChartUnit.COUNT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bars_stand_on_the_baseline_and_withheld_bars_are_left_out() {
        TrendChart chart = TrendChart.bars("census", "Census", ChartUnit.COUNT)
                .points(List.of(Point.of("2026-W01", 20.0), Point.of("2026-W02", null)));
        String svg = chart.svg();
        assertThat(count(svg, "class=\"bar\"")).isEqualTo(1);
        Matcher bar = Pattern.compile("class=\"bar\" x=\"[0-9.]+\" y=\"([0-9.]+)\" width=\"[0-9.]+\" height=\"([0-9.]+)\"")
                .matcher(svg);
        assertThat(bar.find()).isTrue();
        assertThat(Double.parseDouble(bar.group(1)) + Double.parseDouble(bar.group(2)))
                .isCloseTo(chart.baseline(), org.assertj.core.data.Offset.offset(0.11));
        assertThat(svg).contains("&lt;11 — withheld");
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }
}
