package care.iop.analytics;

import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.events.CloudEvent;
import care.iop.events.aftercare.MatContinuity;
import care.iop.events.intake.ScreeningInstrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static care.iop.analytics.EventStream.admitted;
import static care.iop.analytics.EventStream.assessed;
import static care.iop.analytics.EventStream.at;
import static care.iop.analytics.EventStream.attended;
import static care.iop.analytics.EventStream.complianceJudged;
import static care.iop.analytics.EventStream.discharged;
import static care.iop.analytics.EventStream.dischargePlanned;
import static care.iop.analytics.EventStream.discontinued;
import static care.iop.analytics.EventStream.noteOverdue;
import static care.iop.analytics.EventStream.noteSigned;
import static care.iop.analytics.EventStream.otherClinic;
import static care.iop.analytics.EventStream.patient;
import static care.iop.analytics.EventStream.phq9;
import static care.iop.analytics.EventStream.prescribed;
import static care.iop.analytics.EventStream.riskAcknowledged;
import static care.iop.analytics.EventStream.riskFlagged;
import static care.iop.analytics.EventStream.screening;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hours target, IET initiation and engagement, PHQ-9 response and remission, MAT continuity at discharge, notes
 * signed late and relapse-risk flags acknowledged, on hand-built events through the real topology (fixed dates;
 * 2026-01-05 is a Monday).
 */
class CareMeasuresTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    // --- hours target

    @Test
    void a_week_meets_the_target_when_attended_hours_reach_it_and_the_latest_judgement_stands() {
        UUID p = patient();
        UUID enrollment = UUID.randomUUID();
        CloudEvent first = at(complianceJudged(p, enrollment, "2026-01-05", "6.00", "9.00"), T0);
        CloudEvent rejudged = at(complianceJudged(p, enrollment, "2026-01-05", "9.00", "9.00"), T0.plusSeconds(60));
        for (List<CloudEvent> order : List.of(List.of(first, rejudged, first), List.of(rejudged, first))) {
            try (EventStream s = new EventStream()) {
                order.forEach(s::send);
                UUID q = patient();
                s.send(complianceJudged(q, UUID.randomUUID(), "2026-01-05", "8.99", "9.00"));
                s.send(complianceJudged(q, UUID.randomUUID(), "2026-01-12", "12.00", "9.00")); // next week
                s.send(otherClinic(complianceJudged(q, UUID.randomUUID(), "2026-01-05", "12.00", "9.00")));
                CareMeasures.Raw w2 = s.week("2026-01-11").care();
                assertThat(w2.hoursWeeks()).isEqualTo(2);
                assertThat(w2.hoursWeeksMet()).isEqualTo(1);
                assertThat(s.week("2026-01-12").care().hoursWeeksMet()).isEqualTo(1);
                assertThat(s.month("2026-01-01").care().hoursWeeks()).isEqualTo(3);
            }
        }
    }

    @Test
    void the_hours_target_follows_the_track_of_a_stay_in_the_week() {
        try (EventStream s = new EventStream()) {
            UUID young = patient();
            s.send(admitted(young, "2026-01-07", "iop-young-adult")); // Wednesday of the judged week
            s.send(complianceJudged(young, UUID.randomUUID(), "2026-01-05", "9.00", "9.00"));
            assertThat(s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05", "iop-young-adult").get(0).care()
                    .hoursWeeksMet()).isEqualTo(1);
            assertThat(s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05", "iop-adult").get(0).care().hoursWeeks())
                    .isZero();
        }
    }

    // --- IET

    @ParameterizedTest(name = "a session {0} days after the assessment: initiated {1}")
    @CsvSource({"0, 1", "13, 1", "14, 0"})
    void initiation_is_a_treatment_service_on_the_index_day_or_the_13_days_after(int days, int initiated) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(assessed(p, "2026-01-05")).send(attended(p, day("2026-01-05", days)));
            CareMeasures.Raw jan = s.month("2026-01-05").care();
            assertThat(jan.ietEpisodes()).isEqualTo(1);
            assertThat(jan.ietInitiated()).isEqualTo(initiated);
        }
    }

    @ParameterizedTest(name = "sessions {0} and {1} days after initiation: engaged {2}")
    @CsvSource({"1, 34, 1", "1, 35, 0", "20, 20, 0", "0, 2, 0"})
    void engagement_is_two_more_services_on_other_days_1_to_34_days_after_initiation(int a, int b, int engaged) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(assessed(p, "2026-01-05")).send(attended(p, "2026-01-07"));
            s.send(attended(p, day("2026-01-07", a))).send(attended(p, day("2026-01-07", b)));
            CareMeasures.Raw jan = s.month("2026-01-05").care();
            assertThat(jan.ietInitiated()).isEqualTo(1);
            assertThat(jan.ietEngaged()).isEqualTo(engaged);
        }
    }

    @Test
    void a_mat_order_initiates_and_engages_and_a_non_mat_order_does_not() {
        try (EventStream s = new EventStream()) {
            UUID viaMat = patient();
            s.send(assessed(viaMat, "2026-01-05")).send(prescribed(viaMat, UUID.randomUUID(), "2026-01-09", true));
            UUID engagedByMat = patient();
            s.send(assessed(engagedByMat, "2026-01-05")).send(attended(engagedByMat, "2026-01-05"))
                    .send(prescribed(engagedByMat, UUID.randomUUID(), "2026-02-08", true)); // day 34
            UUID notMat = patient();
            s.send(assessed(notMat, "2026-01-05")).send(prescribed(notMat, UUID.randomUUID(), "2026-01-06", false));
            CareMeasures.Raw jan = s.month("2026-01-05").care();
            assertThat(jan.ietEpisodes()).isEqualTo(3);
            assertThat(jan.ietInitiated()).isEqualTo(2);
            assertThat(jan.ietEngaged()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "an earlier {0} {1} days before: a new episode {2}")
    @CsvSource({"assessment, 194, 0", "assessment, 195, 1", "session, 100, 0", "admission, 194, 0",
            "admission, 195, 1"})
    void an_episode_is_new_only_without_an_encounter_in_the_194_days_before(String kind, int days, int isNew) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            String before = day("2026-07-15", -days);
            s.send(switch (kind) {
                case "assessment" -> assessed(p, before);
                case "session" -> attended(p, before);
                default -> admitted(p, before);
            });
            s.send(assessed(p, "2026-07-15"));
            assertThat(s.month("2026-07-15").care().ietEpisodes()).isEqualTo(isNew);
        }
    }

    @Test
    void another_clinics_services_neither_initiate_nor_block_a_new_episode() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(otherClinic(attended(p, "2026-01-01"))).send(assessed(p, "2026-01-05"))
                    .send(otherClinic(attended(p, "2026-01-06")));
            CareMeasures.Raw jan = s.month("2026-01-05").care();
            assertThat(jan.ietEpisodes()).isEqualTo(1);
            assertThat(jan.ietInitiated()).isZero();
        }
    }

    // --- PHQ-9

    @ParameterizedTest(name = "PHQ-9 {1} taken {0} days from the 6-month mark after 20: response {2}, remission {3}")
    @CsvSource({"-60, 4, 1, 1", "60, 10, 1, 0", "-61, 4, 0, 0", "61, 4, 0, 0", "0, 11, 0, 0", "0, 5, 1, 0"})
    void response_and_remission_at_6_months_use_the_latest_phq9_within_60_days_of_the_mark(int days, int total,
                                                                                      int response, int remission) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(phq9(p, "2026-01-10", 20)).send(phq9(p, day("2026-07-10", days), total));
            CareMeasures.Raw jan = s.month("2026-01-10").care();
            assertThat(jan.phq9Cohort6()).isEqualTo(1);
            assertThat(jan.phq9Response6()).isEqualTo(response);
            assertThat(jan.phq9Remission6()).isEqualTo(remission);
            assertThat(jan.phq9Cohort12()).isEqualTo(1);
            assertThat(jan.phq9Remission12()).isZero();
        }
    }

    @Test
    void the_baseline_is_the_first_phq9_above_9_and_the_latest_in_the_window_counts() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(phq9(p, "2026-01-03", 9)); // not above 9: no index
            s.send(phq9(p, "2026-01-10", 16)).send(phq9(p, "2026-02-01", 22)); // the second is not a new baseline
            s.send(phq9(p, "2027-01-01", 3)).send(phq9(p, "2027-02-01", 9)); // 12 months: latest 9 counts
            s.send(screening(p, ScreeningInstrument.GAD_7, "2027-02-05", 1)); // not a PHQ-9
            CareMeasures.Raw jan = s.month("2026-01-10").care();
            assertThat(jan.phq9Cohort12()).isEqualTo(1);
            assertThat(jan.phq9Response12()).isZero();
            assertThat(jan.phq9Remission12()).isZero();
            assertThat(s.month("2026-02-01").care().phq9Cohort12()).isZero();
            UUID died = patient();
            s.send(phq9(died, "2026-01-10", 20)).send(discharged(died, "2026-03-01", 6));
            assertThat(s.month("2026-01-10").care().phq9Cohort6()).isEqualTo(1); // the one who died is excluded
        }
    }

    @ParameterizedTest(name = "baseline {0} days before the admission: in the denominator {1}")
    @CsvSource({"30, 1", "31, 0"})
    void at_discharge_the_stays_baseline_may_be_an_intake_screen_up_to_30_days_before_admission(int days, int in) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(phq9(p, day("2026-01-05", -days), 18)).send(admitted(p, "2026-01-05"));
            s.send(phq9(p, "2026-02-20", 4)).send(discharged(p, "2026-02-27", 1));
            CareMeasures.Raw feb = s.month("2026-02-27").care();
            assertThat(feb.phq9Discharges()).isEqualTo(in);
            assertThat(feb.phq9ResponseAtDischarge()).isEqualTo(in);
            assertThat(feb.phq9RemissionAtDischarge()).isEqualTo(in);
        }
    }

    @Test
    void at_discharge_the_latest_phq9_on_or_before_the_discharge_date_counts() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(admitted(p, "2026-01-05")).send(phq9(p, "2026-01-06", 14)).send(phq9(p, "2026-02-10", 4))
                    .send(phq9(p, "2026-02-27", 7)).send(phq9(p, "2026-02-28", 2)).send(discharged(p, "2026-02-27", 1));
            UUID noRepeat = patient();
            s.send(admitted(noRepeat, "2026-01-05")).send(phq9(noRepeat, "2026-01-06", 14))
                    .send(discharged(noRepeat, "2026-02-27", 2));
            CareMeasures.Raw feb = s.month("2026-02-27").care();
            assertThat(feb.phq9Discharges()).isEqualTo(2);
            // 7 on the discharge day counts (half of 14: a response, not a remission), not 4 before nor 2 after it
            assertThat(feb.phq9ResponseAtDischarge()).isEqualTo(1);
            assertThat(feb.phq9RemissionAtDischarge()).isZero();
        }
    }

    // --- MAT continuity

    @Test
    void mat_continuity_counts_discharges_with_an_active_mat_order_whose_latest_plan_names_who_continues() {
        try (EventStream s = new EventStream()) {
            arranged(s, MatContinuity.RECEIVING_PROVIDER, "2026-01-10", null, true);
            arranged(s, MatContinuity.PRIMARY_CARE, "2026-02-27", "2026-02-27", true); // stopped on the day: active
            arranged(s, MatContinuity.NONE, "2026-01-10", null, true);
            arranged(s, null, "2026-01-10", null, true);
            arranged(s, MatContinuity.PROGRAM, "2026-01-10", "2026-02-26", true); // stopped the day before
            arranged(s, MatContinuity.PROGRAM, "2026-02-28", null, true); // starts after the discharge
            arranged(s, MatContinuity.PROGRAM, "2026-01-10", null, false); // not MAT
            UUID unplanned = patient();
            s.send(prescribed(unplanned, UUID.randomUUID(), "2026-01-10", true))
                    .send(discharged(unplanned, UUID.randomUUID(), "2026-02-27", 2));
            UUID died = patient();
            s.send(prescribed(died, UUID.randomUUID(), "2026-01-10", true))
                    .send(discharged(died, UUID.randomUUID(), "2026-02-27", 6));
            CareMeasures.Raw feb = s.month("2026-02-27").care();
            assertThat(feb.matDischarges()).isEqualTo(5);
            assertThat(feb.matContinued()).isEqualTo(2);
        }
    }

    @Test
    void the_latest_discharge_plan_stands_in_any_arrival_order_and_only_for_its_own_episode() {
        UUID p = patient();
        UUID episode = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        CloudEvent arranged = at(dischargePlanned(p, plan, episode, MatContinuity.PROGRAM), T0);
        CloudEvent withdrawn = at(dischargePlanned(p, plan, episode, MatContinuity.NONE), T0.plusSeconds(5));
        for (List<CloudEvent> order : List.of(List.of(arranged, withdrawn), List.of(withdrawn, arranged, arranged))) {
            try (EventStream s = new EventStream()) {
                s.send(prescribed(p, UUID.randomUUID(), "2026-01-10", true));
                order.forEach(s::send);
                s.send(dischargePlanned(p, UUID.randomUUID(), MatContinuity.PROGRAM)); // another episode's plan
                s.send(discharged(p, episode, "2026-02-27", 1));
                CareMeasures.Raw feb = s.month("2026-02-27").care();
                assertThat(feb.matDischarges()).isEqualTo(1);
                assertThat(feb.matContinued()).isZero();
            }
        }
    }

    private static void arranged(EventStream s, MatContinuity by, String start, String stopped, boolean mat) {
        UUID p = patient();
        UUID order = UUID.randomUUID();
        UUID episode = UUID.randomUUID();
        s.send(prescribed(p, order, start, mat));
        if (stopped != null) {
            s.send(discontinued(p, order, stopped));
        }
        s.send(dischargePlanned(p, episode, by)).send(discharged(p, episode, "2026-02-27", 1));
    }

    // --- notes

    @Test
    void notes_signed_late_over_notes_signed_count_a_group_note_once_and_a_redelivery_once() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID q = patient();
            UUID group = UUID.randomUUID();
            CloudEvent lateForP = noteSigned(p, group, "2026-01-11", true);
            s.send(lateForP).send(lateForP).send(noteSigned(q, group, "2026-01-11", true));
            s.send(noteSigned(p, UUID.randomUUID(), "2026-01-05", false));
            s.send(noteSigned(p, UUID.randomUUID(), "2026-01-12", true)); // next week
            s.send(otherClinic(noteSigned(q, UUID.randomUUID(), "2026-01-06", true)));
            s.send(noteOverdue(p, "2026-01-06")).send(noteOverdue(q, "2026-01-04"));
            CareMeasures.Raw w2 = s.week("2026-01-05").care();
            assertThat(w2.notesSigned()).isEqualTo(2);
            assertThat(w2.notesLate()).isEqualTo(1);
            assertThat(w2.notesOverdue()).isEqualTo(1);
            assertThat(s.week("2026-01-12").care().notesLate()).isEqualTo(1);
        }
    }

    // --- relapse-risk flags acknowledged

    @Test
    void flags_acknowledged_count_by_their_date_and_the_share_by_the_flags_raised_in_the_period() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID lateJanuary = UUID.randomUUID();
            UUID february = UUID.randomUUID();
            UUID open = UUID.randomUUID();
            CloudEvent ack = riskAcknowledged(p, lateJanuary, Instant.parse("2026-02-01T03:00:00Z"));
            s.send(ack).send(ack); // acknowledgement first (another topic order), redelivered: once
            s.send(riskFlagged(p, lateJanuary, Instant.parse("2026-01-31T21:00:00Z")));
            s.send(riskFlagged(p, open, Instant.parse("2026-01-10T10:00:00Z")));
            s.send(riskFlagged(p, february, Instant.parse("2026-02-02T10:00:00Z")))
                    .send(riskAcknowledged(p, february, Instant.parse("2026-02-02T11:30:00Z")));
            s.send(otherClinic(riskAcknowledged(p, open, Instant.parse("2026-01-11T10:00:00Z"))));
            CareMeasures.Raw jan = s.month("2026-01-15").care();
            assertThat(jan.flagsAcknowledged()).isZero();
            assertThat(jan.flagsRaised()).isEqualTo(2);
            assertThat(jan.flagsRaisedAcknowledged()).isEqualTo(1);
            assertThat(jan.minutesToAcknowledge()).containsExactly(360L);
            CareMeasures.Raw feb = s.month("2026-02-15").care();
            assertThat(feb.flagsAcknowledged()).isEqualTo(2);
            assertThat(feb.flagsRaisedAcknowledged()).isEqualTo(1);
            assertThat(feb.minutesToAcknowledge()).containsExactly(90L);
        }
    }

    // --- across topics, suppression, CSV

    @Test
    void events_arriving_in_any_order_across_the_five_topics_give_the_same_answer() {
        List<CloudEvent> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID p = patient();
            UUID episode = UUID.randomUUID();
            UUID flag = UUID.randomUUID();
            LocalDate in = LocalDate.parse("2026-01-01").plusDays(i * 3);
            history.add(assessed(p, in.minusDays(2).toString()));
            history.add(phq9(p, in.minusDays(2).toString(), 10 + i));
            history.add(admitted(p, in.toString(), i % 2 == 0 ? "iop-adult" : "iop-young-adult"));
            history.add(attended(p, in.plusDays(i % 4).toString()));
            history.add(attended(p, in.plusDays(5 + i).toString()));
            history.add(attended(p, in.plusDays(9).toString()));
            history.add(complianceJudged(p, episode, in.plusDays(7).toString(), i % 3 == 0 ? "6" : "9", "9"));
            history.add(prescribed(p, UUID.randomUUID(), in.plusDays(1).toString(), i % 2 == 1));
            history.add(noteSigned(p, UUID.randomUUID(), in.plusDays(2).toString(), i % 4 == 0));
            history.add(riskFlagged(p, flag, in.plusDays(3).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC)));
            history.add(riskAcknowledged(p, flag, in.plusDays(3 + i % 2).atTime(15, 0)
                    .toInstant(java.time.ZoneOffset.UTC)));
            history.add(phq9(p, in.plusDays(30).toString(), i));
            history.add(dischargePlanned(p, episode, i % 3 == 0 ? MatContinuity.NONE : MatContinuity.PROGRAM));
            history.add(discharged(p, episode, in.plusDays(35).toString(), 1 + i % 3));
        }
        String inOrder = answer(history);
        for (long seed : new long[] {1, 2, 3}) {
            List<CloudEvent> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(answer(shuffled)).isEqualTo(inOrder);
        }
        List<CloudEvent> reversed = new ArrayList<>(history);
        Collections.reverse(reversed);
        assertThat(answer(reversed)).isEqualTo(inOrder);
        assertThat(inOrder).containsPattern("hoursWeeksMet=[1-9]").containsPattern("ietEngaged=[1-9]")
                .containsPattern("phq9ResponseAtDischarge=[1-9]").containsPattern("matContinued=[1-9]")
                .containsPattern("notesLate=[1-9]").containsPattern("flagsRaisedAcknowledged=[1-9]");
    }

    private static String answer(List<CloudEvent> events) {
        try (EventStream s = new EventStream()) {
            events.forEach(s::send);
            StringBuilder all = new StringBuilder();
            for (String track : new String[] {null, "iop-adult"}) {
                for (Measures.Raw r : s.raw(PeriodKind.MONTH, "2026-01-01", "2026-04-30", track)) {
                    all.append(track).append(' ').append(r.label()).append(' ').append(r.care()).append('\n');
                }
            }
            return all.toString();
        }
    }

    @Test
    void the_served_answer_suppresses_the_new_counts_and_withholds_their_rates_in_json_and_csv() {
        List<Long> elevenMinutes = List.of(30L, 60L, 60L, 90L, 90L, 100L, 120L, 120L, 600L, 900L, 1200L);
        CareMeasures.Raw small = new CareMeasures.Raw(10, 5, 3, 2, 1, 4, 2, 1, 4, 2, 1, 3, 2, 1, 2, 1, 10, 3, 2, 5,
                6, 4, List.of(60L, 120L, 180L));
        CareMeasures.Raw large = new CareMeasures.Raw(40, 30, 20, 11, 0, 22, 11, 0, 0, 0, 0, 11, 11, 11, 12, 12, 50,
                11, 0, 12, 44, 11, elevenMinutes);
        PeriodMeasures s = Measures.suppressed(raw(small));
        PeriodMeasures l = Measures.suppressed(raw(large));
        assertThat(s.hoursTarget().numerator()).isEqualTo("<11");
        assertThat(s.hoursTarget().rate()).isNull();
        assertThat(s.ietInitiation().denominator()).isEqualTo("<11");
        assertThat(s.notesSignedLate().denominator()).isEqualTo("<11");
        assertThat(s.medianHoursToAcknowledge()).isNull();
        assertThat(l.hoursTarget().rate()).isEqualTo(0.75);
        assertThat(l.ietInitiation().rate()).isEqualTo(0.55);
        assertThat(l.ietEngagement().rate()).isEqualTo(0.0);
        assertThat(l.phq9Response6().rate()).isEqualTo(0.5);
        assertThat(l.phq9Response12().rate()).isNull(); // no cohort
        assertThat(l.phq9RemissionAtDischarge().rate()).isEqualTo(1.0);
        assertThat(l.matContinuity().rate()).isEqualTo(1.0);
        assertThat(l.notesSignedLate().rate()).isEqualTo(0.22);
        assertThat(l.notesOverdue()).isEqualTo("0");
        assertThat(l.relapseRiskFlagsAcknowledged()).isEqualTo("12");
        assertThat(l.relapseRiskFlagsRaisedAcknowledged().rate()).isEqualTo(0.25);
        assertThat(l.medianHoursToAcknowledge()).isEqualTo(1.67); // 100 minutes

        String csv = MeasuresCsv.write(new MeasuresAnswer(EventStream.CLINIC, PeriodKind.WEEK,
                LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-05"), null, List.of(s, l)));
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).endsWith(",relapse_risk_flags,hours_target_met,hours_target_weeks,hours_target_rate,"
                + "iet_initiated,iet_episodes,iet_initiation_rate,iet_engaged,iet_engagement_rate,phq9_response6,"
                + "phq9_cohort6,phq9_response6_rate,phq9_remission6,phq9_remission6_rate,phq9_response12,"
                + "phq9_cohort12,phq9_response12_rate,phq9_remission12,phq9_remission12_rate,"
                + "phq9_response_discharge,phq9_discharges,phq9_response_discharge_rate,phq9_remission_discharge,"
                + "phq9_remission_discharge_rate,mat_continued,mat_discharges,mat_continuity_rate,notes_late,"
                + "notes_signed,notes_late_rate,notes_overdue,relapse_risk_flags_acknowledged,"
                + "relapse_risk_flags_raised_acknowledged,relapse_risk_flags_raised_acknowledged_rate,"
                + "median_hours_to_acknowledge");
        assertThat(lines[1]).endsWith(",<11,<11,,<11,<11,,<11,,<11,<11,,<11,,<11,<11,,<11,,<11,<11,,<11,,<11,<11,,"
                + "<11,<11,,<11,<11,<11,,");
        assertThat(lines[2]).endsWith(",30,40,0.75,11,20,0.55,0,0.0,11,22,0.5,0,0.0,0,0,,0,,11,11,1.0,11,1.0,12,12,"
                + "1.0,11,50,0.22,0,12,11,0.25,1.67");
        assertThat(lines[1].split(",", -1)).hasSize(lines[0].split(",").length);
        assertThat(lines[2].split(",", -1)).hasSize(lines[0].split(",").length);
    }

    private static Measures.Raw raw(CareMeasures.Raw care) {
        return new Measures.Raw("2026-W02", LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-11"), 0, 0, 0,
                new int[7], List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, care);
    }

    private static String day(String date, int plusDays) {
        return LocalDate.parse(date).plusDays(plusDays).toString();
    }
}
