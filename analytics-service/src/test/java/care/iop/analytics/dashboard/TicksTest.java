package care.iop.analytics.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicksTest {

    @Test
    void steps_are_one_two_or_five_times_a_power_of_ten() {
        assertThat(Ticks.niceStep(0.7)).isEqualTo(1.0);
        assertThat(Ticks.niceStep(1.3)).isEqualTo(2.0);
        assertThat(Ticks.niceStep(3)).isEqualTo(5.0);
        assertThat(Ticks.niceStep(6)).isEqualTo(10.0);
        assertThat(Ticks.niceStep(0.18)).isEqualTo(0.2);
        assertThat(Ticks.niceStep(24)).isEqualTo(50.0);
    }

    @Test
    void ticks_run_from_zero_to_the_first_round_value_at_or_above_the_maximum() {
        assertThat(Ticks.upTo(1.0, 5)).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(Ticks.upTo(41, 5)).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(Ticks.upTo(50, 5)).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(Ticks.upTo(117, 5)).containsExactly(0.0, 50.0, 100.0, 150.0);
        assertThat(Ticks.upTo(13, 5)).containsExactly(0.0, 5.0, 10.0, 15.0);
    }

    @Test
    void an_empty_chart_still_has_an_axis() {
        assertThat(Ticks.upTo(0, 5)).containsExactly(0.0, 1.0);
        assertThatThrownBy(() -> Ticks.upTo(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
