package care.iop.scheduling.compliance;

import org.junit.jupiter.api.Test;

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
}
