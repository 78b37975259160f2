package care.iop.analytics.dashboard;

import care.iop.analytics.PeriodKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardQueryTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-04"); // a Wednesday

    @Test
    void by_default_the_twelve_weeks_up_to_today() {
        DashboardQuery q = DashboardQuery.of(null, null, null, null, TODAY);
        assertThat(q.period()).isEqualTo(PeriodKind.WEEK);
        assertThat(q.to()).isEqualTo(TODAY);
        assertThat(q.from()).isEqualTo(LocalDate.parse("2025-12-15"));
        assertThat(DashboardQuery.periods(q.period(), q.from(), q.to())).isEqualTo(12);
        assertThat(q.queryString()).isEqualTo("period=week&from=2025-12-15&to=2026-03-04");
    }

    @Test
    void months_default_to_twelve_months() {
        DashboardQuery q = DashboardQuery.of("month", "", "", "", TODAY);
        assertThat(q.from()).isEqualTo(LocalDate.parse("2025-04-01"));
        assertThat(q.track()).isNull();
    }

    @Test
    void parameters_that_are_not_valid_are_refused_with_a_sentence() {
        assertThatThrownBy(() -> DashboardQuery.of("year", null, null, null, TODAY))
                .hasMessage("The period must be week or month.");
        assertThatThrownBy(() -> DashboardQuery.of(null, "2026-02-30", null, null, TODAY))
                .hasMessage("The first day must be a date (2026-01-31).");
        assertThatThrownBy(() -> DashboardQuery.of(null, "2026-03-01", "2026-02-01", null, TODAY))
                .hasMessage("The first day must not be after the last day.");
        assertThatThrownBy(() -> DashboardQuery.of(null, "2000-01-01", null, null, TODAY))
                .hasMessageContaining("At most 261 periods");
        assertThatThrownBy(() -> DashboardQuery.of(null, null, null, "<script>", TODAY))
                .hasMessage("The track must be a track code.");
        assertThat(DashboardQuery.of(null, null, null, "evening-iop", TODAY).queryString()).endsWith("&track=evening-iop");
    }
}
