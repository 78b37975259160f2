package care.iop.aftercare.episode;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The follow-ups a discharge creates: the configured outreach days plus the HEDIS IET checks at 14 and 34 days. */
class FollowUpScheduleTest {

    @Test
    void the_default_outreach_days_and_the_iet_checks() {
        assertThat(FollowUpSchedule.of(List.of(7, 30, 60, 90))).containsExactly(Map.entry("day-7", 7),
                Map.entry("day-30", 30), Map.entry("day-60", 60), Map.entry("day-90", 90),
                Map.entry("iet-initiation-14", 14), Map.entry("iet-engagement-34", 34));
    }

    @Test
    void outreach_days_are_taken_once_each_in_order() {
        assertThat(FollowUpSchedule.of(List.of(30, 7, 30))).containsExactly(Map.entry("day-7", 7),
                Map.entry("day-30", 30), Map.entry("iet-initiation-14", 14), Map.entry("iet-engagement-34", 34));
    }

    @Test
    void the_iet_checks_stay_without_outreach_days() {
        assertThat(FollowUpSchedule.of(List.of())).containsExactly(Map.entry("iet-initiation-14", 14),
                Map.entry("iet-engagement-34", 34));
    }
}
