package care.iop.aftercare.followup;

import care.iop.events.aftercare.FollowUpOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** What an outcome may carry at which follow-up, and when a follow-up falls due (fixed dates, no clock). */
class FollowUpRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            'day-7 reached with PHQ-9',                      day-7,             REACHED,     12, -,     -, -
            'day-7 not reached without PHQ-9',               day-7,             NOT_REACHED, -,  -,     -, -
            'PHQ-9 only when reached',                       day-7,             NOT_REACHED, 12, -,     -, phq9Total
            'IET initiation at its check',                   iet-initiation-14, REACHED,     -,  true,  -, -
            'IET initiation not at a day check',             day-30,            REACHED,     -,  true,  -, ietInitiated
            'IET initiation not at the engagement check',    iet-engagement-34, REACHED,     -,  false, -, ietInitiated
            'engagement visits at their check',              iet-engagement-34, REACHED,     -,  -,     2, -
            'engagement visits not at the initiation check', iet-initiation-14, REACHED,     -,  -,     2, ietEngagementVisits
            """)
    void an_outcome_carries_what_its_check_records(String name, String kind, FollowUpOutcome outcome, Integer phq9,
                                                   Boolean initiated, Integer visits, String refusedField) {
        assertThat(FollowUpRules.checkOutcome(kind, outcome, phq9, initiated, visits)
                .map(FollowUpRules.Violation::field).orElse(null)).isEqualTo(refusedField);
    }

    @ParameterizedTest(name = "{0} in {1} at {2} -> {3}")
    @CsvSource(textBlock = """
            2031-03-10, America/Los_Angeles, 2031-03-10T06:59:59Z, false
            2031-03-10, America/Los_Angeles, 2031-03-10T07:00:00Z, true
            2031-03-10, Pacific/Kiritimati,  2031-03-09T10:00:00Z, true
            2031-03-10, UTC,                 2031-03-09T23:59:59Z, false
            """)
    void a_follow_up_falls_due_when_its_day_begins_in_its_zone(String due, String zone, String now, boolean isDue) {
        assertThat(FollowUpRules.isDue(LocalDate.parse(due), ZoneId.of(zone), Instant.parse(now))).isEqualTo(isDue);
    }
}
