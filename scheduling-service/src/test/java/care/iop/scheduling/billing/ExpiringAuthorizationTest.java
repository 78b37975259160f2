package care.iop.scheduling.billing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringAuthorizationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 16);
    private static final LocalDate FAR = LocalDate.of(2026, 5, 31);

    @Test
    void units_under_the_threshold_are_expiring_and_at_the_threshold_are_not() {
        assertThat(ExpiringAuthorization.isExpiring(3, 3, DAY, FAR)).isFalse();
        assertThat(ExpiringAuthorization.isExpiring(2, 3, DAY, FAR)).isTrue();
        assertThat(ExpiringAuthorization.isExpiring(0, 3, DAY, FAR)).isTrue();
        assertThat(ExpiringAuthorization.isExpiring(4, 5, DAY, FAR)).isTrue();
    }

    @Test
    void an_end_within_seven_days_of_the_day_is_expiring_and_eight_days_away_is_not() {
        assertThat(ExpiringAuthorization.isExpiring(10, 3, DAY, DAY.plusDays(8))).isFalse();
        assertThat(ExpiringAuthorization.isExpiring(10, 3, DAY, DAY.plusDays(7))).isTrue();
        assertThat(ExpiringAuthorization.isExpiring(10, 3, DAY, DAY)).isTrue();
    }
}
