package care.iop.analytics;

import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallCellSuppressionTest {

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({"0, 0", "1, <11", "5, <11", "10, <11", "11, 11", "250, 250"})
    void counts_from_1_to_10_are_shown_as_less_than_11(long count, String shown) {
        assertThat(SmallCellSuppression.count(count)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0}/{1} is {2}")
    @CsvSource(value = {"11, 20, 0.55", "0, 20, 0.0", "20, 20, 1.0", "5, 20, null", "10, 20, null", "11, 10, null",
            "0, 0, null", "0, 5, null", "1, 3, null", "13, 39, 0.3333"}, nullValues = "null")
    void a_rate_built_on_a_small_count_is_withheld(long numerator, long denominator, Double rate) {
        assertThat(SmallCellSuppression.rate(numerator, denominator)).isEqualTo(rate);
    }

    @Test
    void a_negative_count_is_a_bug() {
        assertThatThrownBy(() -> SmallCellSuppression.count(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_served_answer_withholds_length_of_stay_below_11_stays_and_shows_zeros() {
        PeriodMeasures ten = Measures.suppressed(raw(10, new int[] {10, 0, 0, 0, 0, 0, 0}, 0, 0));
        assertThat(ten.discharges()).isEqualTo("<11");
        assertThat(ten.lengthOfStay().stays()).isEqualTo("<11");
        assertThat(ten.lengthOfStay().median()).isNull();
        assertThat(ten.completionRate()).isNull();
        assertThat(ten.dischargesByReason().get(0).count()).isEqualTo("<11");
        assertThat(ten.dischargesByReason().get(1).count()).isEqualTo("0");
        assertThat(ten.census()).isEqualTo("0");

        PeriodMeasures eleven = Measures.suppressed(raw(11, new int[] {11, 0, 0, 0, 0, 0, 0}, 12, 0));
        assertThat(eleven.lengthOfStay().stays()).isEqualTo("11");
        assertThat(eleven.lengthOfStay().median()).isEqualTo(6.0);
        assertThat(eleven.lengthOfStay().q1()).isEqualTo(3.5);
        assertThat(eleven.completionRate()).isEqualTo(1.0);
        assertThat(eleven.attendance().rate()).isEqualTo(1.0);
        assertThat(eleven.readmission30().numerator()).isEqualTo("0");
        assertThat(eleven.readmission30().rate()).isEqualTo(0.0);
    }

    @Test
    void csv_carries_the_same_suppressed_values() {
        PeriodMeasures ten = Measures.suppressed(raw(10, new int[] {10, 0, 0, 0, 0, 0, 0}, 0, 0));
        String csv = MeasuresCsv.write(new MeasuresAnswer(EventStream.CLINIC, PeriodKind.WEEK,
                LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-05"), null, List.of(ten)));
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("clinic_id,track,period,start,end,census,admissions,discharges,");
        assertThat(lines[1]).startsWith(EventStream.CLINIC + ",,2026-W02,2026-01-05,2026-01-11,0,0,<11,<11,0,");
        assertThat(lines[1].split(",", -1)).hasSize(lines[0].split(",").length);
    }

    private static Measures.Raw raw(int discharges, int[] byReason, int attended, int readmitted) {
        List<Long> stays = new ArrayList<>();
        for (long d = 1; d <= discharges; d++) {
            stays.add(d);
        }
        return new Measures.Raw("2026-W02", LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-11"), 0, 0,
                discharges, byReason, stays, readmitted, readmitted, attended, attended, 0, 0, 0, 0, 0, 0);
    }
}
