package care.iop.scheduling.enrollment;

import care.iop.scheduling.enrollment.FirstBookingRules.Choice;
import care.iop.scheduling.session.SessionStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sessions an enrollment that becomes active is booked into; fixed dates, no clock. */
class FirstBookingRulesTest {

    /** Thursday 2025-03-13, 12:00 in New York: "now" in every row. */
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalDate TODAY = LocalDate.of(2025, 3, 13);
    static final Instant NOW = TODAY.atTime(12, 0).atZone(NEW_YORK).toInstant();

    @ParameterizedTest(name = "first day {0} -> booked from {1}")
    @CsvSource({
            "2025-03-13, 2025-03-13",   // admitted today
            "2025-03-10, 2025-03-10",   // admitted Monday, entered Thursday: from Monday
            "2025-03-27, 2025-03-27",   // admitted ahead (or a later cohort start)
            "2025-02-27, 2025-02-27",   // exactly 14 days back
            "2025-02-26, 2025-02-27",   // 15 days back: the last 14 days only
            "2025-01-02, 2025-02-27",   // weeks late: the last 14 days only
    })
    void books_from_the_first_day_but_no_more_than_fourteen_days_back(LocalDate from, LocalDate bookedFrom) {
        assertThat(FirstBookingRules.bookedFrom(from, TODAY)).isEqualTo(bookedFrom);
    }

    @ParameterizedTest(name = "from {0}: {1} {2} {3} group={4} -> {5}")
    @CsvSource({
            // booked from Monday 03-10 (the admission date); now is Thursday 03-13 12:00
            "2025-03-10, 2025-03-07, 10:00, BOOKED,           true,  SKIP",     // the Friday before admission
            "2025-03-10, 2025-03-09, 23:00, BOOKED,           true,  SKIP",     // the evening before admission
            "2025-03-10, 2025-03-10, 00:00, BOOKED,           true,  HELD",     // the first minute of the day
            "2025-03-10, 2025-03-10, 10:00, FULFILLED,        true,  HELD",     // held, others' attendance recorded
            "2025-03-10, 2025-03-11, 10:00, BOOKED,           true,  HELD",     // held, nobody recorded yet
            "2025-03-10, 2025-03-12, 10:00, CANCELLED,        true,  SKIP",     // cancelled: never booked
            "2025-03-10, 2025-03-12, 10:00, ENTERED_IN_ERROR, true,  SKIP",
            "2025-03-10, 2025-03-13, 11:59, BOOKED,           true,  HELD",     // started a minute ago
            "2025-03-10, 2025-03-13, 12:00, BOOKED,           true,  HELD",     // starts now: started
            "2025-03-10, 2025-03-13, 12:01, BOOKED,           true,  UPCOMING",
            "2025-03-10, 2025-03-20, 10:00, BOOKED,           true,  UPCOMING",
            "2025-03-10, 2025-03-20, 10:00, CANCELLED,        true,  SKIP",
            "2025-03-10, 2025-03-11, 10:00, BOOKED,           false, SKIP",     // individual visit: not a group
            "2025-03-10, 2025-03-20, 10:00, BOOKED,           false, SKIP",
            // a cohort starting next week: nothing before it, held or not
            "2025-03-17, 2025-03-13, 13:00, BOOKED,           true,  SKIP",
            "2025-03-17, 2025-03-17, 10:00, BOOKED,           true,  UPCOMING",
    })
    void chooses_per_session(LocalDate bookedFrom, LocalDate sessionDate, LocalTime start, SessionStatus status,
                             boolean group, Choice expected) {
        Instant startsAt = sessionDate.atTime(start).atZone(NEW_YORK).toInstant();
        assertThat(FirstBookingRules.choose(bookedFrom, NOW, sessionDate, startsAt, status, group))
                .isEqualTo(expected);
    }
}
