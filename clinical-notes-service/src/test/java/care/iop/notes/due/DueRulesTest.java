package care.iop.notes.due;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** When notes, initial plans and plan reviews are owed (fixed dates, no clock). */
class DueRulesTest {

    @Test
    void a_note_is_due_72_hours_after_its_session_starts() {
        assertThat(DueRules.noteDueAt(Instant.parse("2031-03-10T15:00:00Z"), Duration.ofHours(72)))
                .isEqualTo(Instant.parse("2031-03-13T15:00:00Z"));
    }

    @Test
    void the_initial_plan_is_due_seven_days_after_the_admission_day_begins_in_utc() {
        assertThat(DueRules.initialPlanDueAt(LocalDate.of(2031, 3, 10), Duration.ofDays(7)))
                .isEqualTo(Instant.parse("2031-03-17T00:00:00Z"));
    }

    @Test
    void reviews_are_listed_a_week_ahead_and_overdue_after_their_day() {
        LocalDate today = LocalDate.of(2031, 3, 10);
        assertThat(DueRules.reviewsListedUntil(today)).isEqualTo(LocalDate.of(2031, 3, 17));
        assertThat(DueRules.reviewOverdue(LocalDate.of(2031, 3, 9), today)).isTrue();
        assertThat(DueRules.reviewOverdue(today, today)).isFalse();
    }

    @Test
    void overdue_once_the_due_time_has_passed() {
        Instant due = Instant.parse("2031-03-13T15:00:00Z");
        assertThat(DueRules.overdue(due, due)).isFalse();
        assertThat(DueRules.overdue(due, due.plusSeconds(1))).isTrue();
    }
}
