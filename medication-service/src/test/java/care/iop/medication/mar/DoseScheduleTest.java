package care.iop.medication.mar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scheduled dose times, windows, periods and adherence (fixed dates: nothing here reads the clock). */
class DoseScheduleTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final DoseSchedule.Course TWICE_DAILY = new DoseSchedule.Course(NEW_YORK, LocalDate.of(2031, 3, 8),
            LocalDate.of(2031, 3, 10), List.of(LocalTime.of(8, 0), LocalTime.of(20, 0)));

    @Test
    void doses_stay_at_their_local_time_across_the_spring_forward() {
        // 2031-03-09 is the US spring-forward Sunday: 08:00 is 13:00Z the day before and 12:00Z from that day on.
        List<Instant> slots = DoseSchedule.slots(TWICE_DAILY, Instant.parse("2031-03-01T00:00:00Z"),
                Instant.parse("2031-03-31T00:00:00Z"));
        assertThat(slots).containsExactly(Instant.parse("2031-03-08T13:00:00Z"), Instant.parse("2031-03-09T01:00:00Z"),
                Instant.parse("2031-03-09T12:00:00Z"), Instant.parse("2031-03-10T00:00:00Z"),
                Instant.parse("2031-03-10T12:00:00Z"), Instant.parse("2031-03-11T00:00:00Z"));
    }

    @Test
    void slots_are_after_the_start_and_up_to_the_end_inclusive() {
        Instant first = Instant.parse("2031-03-08T13:00:00Z");
        assertThat(DoseSchedule.slots(TWICE_DAILY, first, first)).isEmpty();
        assertThat(DoseSchedule.slots(TWICE_DAILY, first.minusSeconds(1), first)).containsExactly(first);
    }

    @Test
    void a_course_without_a_zone_has_no_scheduled_doses() {
        DoseSchedule.Course asNeeded = new DoseSchedule.Course(null, LocalDate.of(2031, 3, 8), null, List.of());
        assertThat(DoseSchedule.slots(asNeeded, Instant.parse("2031-03-01T00:00:00Z"),
                Instant.parse("2031-03-31T00:00:00Z"))).isEmpty();
    }

    @Test
    void the_window_defaults_to_two_hours() {
        assertThat(DoseSchedule.window(null)).isEqualTo(Duration.ofMinutes(120));
        assertThat(DoseSchedule.window(30)).isEqualTo(Duration.ofMinutes(30));
    }

    @ParameterizedTest(name = "given at {0} -> {1}")
    @CsvSource(nullValues = "-", textBlock = """
            2031-03-10T11:00:00Z, 2031-03-10T12:00:00Z
            2031-03-10T14:00:00Z, 2031-03-10T12:00:00Z
            2031-03-10T14:00:01Z, -
            2031-03-10T23:00:00Z, 2031-03-11T00:00:00Z
            """)
    void a_dose_answers_the_nearest_scheduled_one_within_its_window(String givenAt, String expected) {
        assertThat(DoseSchedule.nearestSlot(TWICE_DAILY, Duration.ofHours(2), Instant.parse(givenAt)).orElse(null))
                .isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @Test
    void periods_are_whole_utc_days_with_defaults_ending_today() {
        LocalDate today = LocalDate.of(2031, 3, 9);
        assertThat(DoseSchedule.period(null, null, 7, today)).isEqualTo(new DoseSchedule.Period(
                Instant.parse("2031-03-03T00:00:00Z"), Instant.parse("2031-03-10T00:00:00Z")));
        assertThat(DoseSchedule.period(LocalDate.of(2031, 3, 1), LocalDate.of(2031, 3, 1), 7, today))
                .isEqualTo(new DoseSchedule.Period(Instant.parse("2031-03-01T00:00:00Z"),
                        Instant.parse("2031-03-02T00:00:00Z")));
        assertThatThrownBy(() -> DoseSchedule.period(LocalDate.of(2031, 3, 2), LocalDate.of(2031, 3, 1), 7, today))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DoseSchedule.period(LocalDate.of(2030, 3, 1), LocalDate.of(2031, 3, 3), 7, today))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} of {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            0, 0, -
            2, 3, 66.7
            3, 3, 100.0
            1, 8, 12.5
            """)
    void adherence_is_administered_over_scheduled(long administered, long scheduled, BigDecimal percent) {
        assertThat(DoseSchedule.adherencePercent(administered, scheduled)).isEqualTo(percent);
    }
}
