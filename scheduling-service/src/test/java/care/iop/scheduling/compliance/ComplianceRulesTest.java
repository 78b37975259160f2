package care.iop.scheduling.compliance;

import care.iop.events.scheduling.ComplianceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static care.iop.events.scheduling.ComplianceStatus.AT_RISK;
import static care.iop.events.scheduling.ComplianceStatus.COMPLIANT;
import static care.iop.events.scheduling.ComplianceStatus.NON_COMPLIANT;
import static org.assertj.core.api.Assertions.assertThat;

class ComplianceRulesTest {

    static final int NINE_HOURS = 540;

    @Test
    void scheduled_below_target_is_at_risk_by_a_single_minute() {
        assertThat(ComplianceRules.status(NINE_HOURS, 534, 0, 534, false)).isEqualTo(AT_RISK);
        assertThat(ComplianceRules.status(NINE_HOURS, 539, 0, 539, false)).isEqualTo(AT_RISK);
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 0, 540, false)).isEqualTo(COMPLIANT);
    }

    @Test
    void hours_lost_to_absence_that_the_rest_of_the_week_cannot_make_up_are_non_compliant() {
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 174, 360, false)).isEqualTo(NON_COMPLIANT);
        assertThat(ComplianceRules.status(NINE_HOURS, 720, 174, 540, false)).isEqualTo(COMPLIANT);
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 0, 360, false)).isEqualTo(NON_COMPLIANT);
    }

    @Test
    void an_ended_week_is_judged_on_attended_hours_only() {
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 534, 0, true)).isEqualTo(NON_COMPLIANT);
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 540, 0, true)).isEqualTo(COMPLIANT);
        assertThat(ComplianceRules.status(NINE_HOURS, 360, 360, 0, true)).isEqualTo(NON_COMPLIANT);
        assertThat(ComplianceRules.status(NINE_HOURS, 540, 0, 540, true)).isEqualTo(NON_COMPLIANT);
    }

    @Test
    void attended_at_target_is_compliant_whatever_else_happens() {
        assertThat(ComplianceRules.status(NINE_HOURS, 900, 540, 0, false)).isEqualTo(COMPLIANT);
        assertThat(ComplianceRules.status(360, 360, 360, 0, true)).isEqualTo(COMPLIANT);
    }

    @Test
    void a_week_the_enrollment_starts_or_ends_in_asks_for_its_share_of_meeting_days() {
        var monWedFri = java.util.List.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.WEDNESDAY,
                java.time.DayOfWeek.FRIDAY);
        var monday = java.time.LocalDate.of(2026, 11, 16);
        var longAgo = monday.minusWeeks(4);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, longAgo, null)).isEqualTo(540);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, longAgo, monday.plusDays(6))).isEqualTo(540);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, longAgo, monday.plusDays(4))).isEqualTo(540);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, longAgo, monday.plusDays(3))).isEqualTo(360);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, longAgo, monday.plusDays(1))).isEqualTo(180);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, monday.plusDays(2), null)).isEqualTo(360);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, monday.plusDays(5), null)).isEqualTo(0);
        assertThat(ComplianceRules.target(NINE_HOURS, monWedFri, monday, monday.plusDays(2), monday.plusDays(2)))
                .isEqualTo(180);
        assertThat(ComplianceRules.target(NINE_HOURS, java.util.List.of(), monday, monday.plusDays(2), null))
                .isEqualTo(540);
    }

    /** judgedBefore: the status the week was last judged with ("-" when never judged). */
    @ParameterizedTest(name = "judged before {0}, week over {1}, now {2}: announced {3}")
    @CsvSource({
            // a week still to come or under way: provisional flips are never announced
            "-,             false, AT_RISK,       false",
            "-,             false, COMPLIANT,     false",
            "-,             false, NON_COMPLIANT, false",
            // the week ended: judged once, whatever the status
            "-,             true,  COMPLIANT,     true",
            "-,             true,  NON_COMPLIANT, true",
            // recomputed after judgement: only a real change is announced
            "NON_COMPLIANT, true,  NON_COMPLIANT, false",
            "COMPLIANT,     true,  COMPLIANT,     false",
            "NON_COMPLIANT, true,  COMPLIANT,     true",
            "COMPLIANT,     true,  NON_COMPLIANT, true",
    })
    void only_settled_facts_are_announced(String judgedBefore, boolean weekOver, ComplianceStatus now,
                                          boolean announced) {
        ComplianceStatus before = judgedBefore.equals("-") ? null : ComplianceStatus.valueOf(judgedBefore);
        assertThat(ComplianceRules.announces(before, weekOver, now)).isEqualTo(announced);
    }

    @Test
    void booking_a_coming_week_session_by_session_announces_nothing() {
        // Three 3-hour sessions booked one after another: at-risk, at-risk, compliant — all provisional.
        int[] scheduled = {180, 360, 540};
        ComplianceStatus judged = null;
        int announcements = 0;
        for (int minutes : scheduled) {
            ComplianceStatus now = ComplianceRules.status(NINE_HOURS, minutes, 0, minutes, false);
            if (ComplianceRules.announces(judged, false, now)) {
                announcements++;
            }
        }
        assertThat(announcements).isZero();
        // The week ends with 3 of 9 hours attended: judged non-compliant, once; the closer running again adds nothing.
        ComplianceStatus ended = ComplianceRules.status(NINE_HOURS, 540, 180, 0, true);
        assertThat(ended).isEqualTo(NON_COMPLIANT);
        assertThat(ComplianceRules.announces(judged, true, ended)).isTrue();
        judged = ended;
        assertThat(ComplianceRules.announces(judged, true, ComplianceRules.status(NINE_HOURS, 540, 180, 0, true)))
                .isFalse();
    }

    @Test
    void the_worklist_takes_two_unexcused_absences_in_a_row_or_a_recent_non_compliant_week() {
        assertThat(ComplianceRules.worklistReasons(1, false)).isEmpty();
        assertThat(ComplianceRules.worklistReasons(2, false)).containsExactly("consecutive-unexcused-absences");
        assertThat(ComplianceRules.worklistReasons(0, true)).containsExactly("non-compliant-week");
        assertThat(ComplianceRules.worklistReasons(3, true))
                .containsExactly("consecutive-unexcused-absences", "non-compliant-week");
    }
}
