package care.iop.aftercare.risk;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import static org.assertj.core.api.Assertions.assertThat;

class WeekEndedTest {

    private final LocalDate thisMonday = LocalDate.now(ZoneOffset.UTC)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    @Test
    void the_running_week_and_coming_weeks_have_not_ended_and_past_weeks_have() {
        Instant now = Instant.now();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday.plusWeeks(1), now)).isFalse();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday.plusWeeks(8), now)).isFalse();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday.minusWeeks(1), now)).isTrue();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday.minusWeeks(6), now)).isTrue();
    }

    @Test
    void a_week_ends_where_it_ends_first_on_sunday_at_ten_utc() {
        Instant firstEnd = thisMonday.plusDays(6).atTime(10, 0).toInstant(ZoneOffset.UTC);
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday, firstEnd.minusSeconds(1))).isFalse();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday, firstEnd)).isTrue();
        assertThat(EngagementEventsConsumer.weekEnded(thisMonday, thisMonday.atStartOfDay().toInstant(ZoneOffset.UTC)))
                .isFalse();
    }
}
