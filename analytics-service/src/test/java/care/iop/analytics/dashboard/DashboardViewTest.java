package care.iop.analytics.dashboard;

import care.iop.analytics.MeasuresAnswer;
import care.iop.analytics.dashboard.DashboardView.ChartView;
import care.iop.analytics.dashboard.DashboardView.Tile;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static care.iop.analytics.dashboard.Answers.rate;
import static care.iop.analytics.dashboard.Answers.week;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardViewTest {

    /** Three weeks; the third (W04, ending 25 Jan) is still running on 21 Jan. */
    private static final MeasuresAnswer ANSWER = Answers.weeks("2026-01-05", "2026-01-21", List.of(
            week("2026-W02", "2026-01-05", "2026-01-11", "\"census\":\"24\"", "\"admissions\":\"12\"",
                    "\"discharges\":\"20\"", "\"completionRate\":0.45",
                    "\"lengthOfStay\":{\"stays\":\"20\",\"median\":38.5,\"q1\":30,\"q3\":50}",
                    rate("attendance", "80", "100", 0.8), rate("ietInitiation", "12", "20", 0.6)),
            week("2026-W03", "2026-01-12", "2026-01-18", "\"census\":\"<11\"", "\"admissions\":\"0\"",
                    "\"discharges\":\"<11\"", "\"completionRate\":null",
                    "\"lengthOfStay\":{\"stays\":\"<11\",\"median\":null,\"q1\":null,\"q3\":null}",
                    rate("attendance", "<11", "40", null), rate("ietInitiation", "<11", "<11", null)),
            week("2026-W04", "2026-01-19", "2026-01-25", "\"census\":\"30\"", "\"admissions\":\"15\"",
                    "\"discharges\":\"0\"", "\"completionRate\":null",
                    "\"lengthOfStay\":{\"stays\":\"0\",\"median\":null,\"q1\":null,\"q3\":null}",
                    rate("attendance", "0", "0", null))));

    private static final LocalDate TODAY = LocalDate.parse("2026-01-21");

    @Test
    void tiles_are_the_latest_complete_week_with_withheld_values_said_so() {
        DashboardView view = DashboardView.of(ANSWER, TODAY);
        assertThat(view.latest().label()).isEqualTo("2026-W03");
        assertThat(view.latest().dates()).isEqualTo("12 Jan 2026 – 18 Jan 2026");
        Map<String, Tile> tiles = byId(view.tiles(), Tile::id);
        assertThat(tiles.keySet()).containsExactly("tile-census", "tile-admissions", "tile-completion-rate",
                "tile-median-stay", "tile-attendance");
        assertThat(tiles.get("tile-census").value()).isEqualTo("<11 — withheld");
        assertThat(tiles.get("tile-census").withheld()).isTrue();
        assertThat(tiles.get("tile-admissions").value()).isEqualTo("0");
        assertThat(tiles.get("tile-admissions").withheld()).isFalse();
        assertThat(tiles.get("tile-completion-rate").value()).isEqualTo("<11 — withheld");
        assertThat(tiles.get("tile-completion-rate").note()).isEqualTo("TEDS-D national IOP: 38 % completed");
        assertThat(tiles.get("tile-median-stay").value()).isEqualTo("<11 — withheld");
        assertThat(tiles.get("tile-median-stay").note()).isEqualTo("TEDS-D national IOP: median 41 days");
        assertThat(tiles.get("tile-attendance").value()).isEqualTo("<11 — withheld");
    }

    @Test
    void a_fully_shown_week_reads_as_numbers() {
        DashboardView view = DashboardView.of(ANSWER, LocalDate.parse("2026-01-12"));
        assertThat(view.latest().label()).isEqualTo("2026-W02");
        Map<String, Tile> tiles = byId(view.tiles(), Tile::id);
        assertThat(tiles.get("tile-census").value()).isEqualTo("24");
        assertThat(tiles.get("tile-completion-rate").value()).isEqualTo("45 %");
        assertThat(tiles.get("tile-median-stay").value()).isEqualTo("39 days");
        assertThat(tiles.get("tile-attendance").value()).isEqualTo("80 %");
        assertThat(view.tiles()).noneMatch(Tile::withheld);
    }

    @Test
    void before_any_week_has_ended_the_tiles_say_so() {
        DashboardView view = DashboardView.of(ANSWER, LocalDate.parse("2026-01-11"));
        assertThat(view.latest()).isNull();
        assertThat(view.tiles()).allMatch(t -> t.value().equals("no complete period"));
    }

    @Test
    void the_tables_under_the_charts_say_withheld_and_none_apart() {
        DashboardView view = DashboardView.of(ANSWER, TODAY);
        Map<String, ChartView> charts = byId(view.sections().stream().flatMap(s -> s.charts().stream()).toList(),
                ChartView::id);
        assertThat(charts.get("completion-rate").rows()).extracting(DashboardView.Row::value)
                .containsExactly("45 %", "<11 — withheld", "none");
        assertThat(charts.get("attendance").rows()).extracting(DashboardView.Row::value)
                .containsExactly("80 %", "<11 — withheld", "none");
        assertThat(charts.get("iet-initiation").rows()).extracting(DashboardView.Row::value)
                .containsExactly("60 %", "<11 — withheld", "none");
        assertThat(charts.get("census").rows()).extracting(DashboardView.Row::value)
                .containsExactly("24", "<11 — withheld", "30");
        assertThat(charts.get("completion-rate").svg()).contains("class=\"reference-line\"", "&lt;11 — withheld");
        assertThat(charts.get("completion-rate").reference()).isEqualTo("TEDS-D national IOP: 38 % completed");
    }

    @Test
    void a_measure_missing_from_the_answer_reads_none_and_is_not_an_error() {
        // readmission30 is not in this answer at all (null Rate): the chart still renders.
        DashboardView view = DashboardView.of(ANSWER, TODAY);
        ChartView readmission = view.sections().stream().flatMap(s -> s.charts().stream())
                .filter(c -> c.id().equals("readmission-30")).findFirst().orElseThrow();
        assertThat(readmission.rows()).extracting(DashboardView.Row::value).containsOnly("none");
    }

    @Test
    void sections_come_in_order_with_iet_in_its_own() {
        DashboardView view = DashboardView.of(ANSWER, TODAY);
        assertThat(view.sections()).extracting(DashboardView.SectionView::id).containsExactly("flow", "outcomes",
                "engagement", "iet", "phq9", "after-discharge", "safety", "documentation");
        assertThat(view.sections().get(3).charts()).extracting(ChartView::id)
                .containsExactly("iet-initiation", "iet-engagement");
        assertThat(view.periodWord()).isEqualTo("week");
        assertThat(view.rangeText()).isEqualTo("5 Jan 2026 to 21 Jan 2026");
    }

    @Test
    void every_chart_and_tile_has_its_own_id() {
        DashboardView view = DashboardView.of(ANSWER, TODAY);
        List<String> ids = view.sections().stream().flatMap(s -> s.charts().stream()).map(ChartView::id).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(20);
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, t -> t, (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
