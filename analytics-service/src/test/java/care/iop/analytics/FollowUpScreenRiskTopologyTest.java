package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static care.iop.analytics.EventStream.admitted;
import static care.iop.analytics.EventStream.discharged;
import static care.iop.analytics.EventStream.drugScreen;
import static care.iop.analytics.EventStream.followUpCompleted;
import static care.iop.analytics.EventStream.patient;
import static care.iop.analytics.EventStream.riskFlagged;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 7- and 30-day follow-up after discharge, the unexpected-positive drug screen rate and relapse-risk flags raised,
 * on hand-built events through the real topology (fixed dates; 2026-02-01 is a Sunday).
 */
class FollowUpScreenRiskTopologyTest {

    private static final LocalDate DISCHARGE = LocalDate.parse("2026-02-01");

    @ParameterizedTest(name = "follow-up reached {0} days after discharge: within 7 {1}, within 30 {2}")
    @CsvSource({"0, 0, 0", "1, 1, 1", "7, 1, 1", "8, 0, 1", "30, 0, 1", "31, 0, 0", "-3, 0, 0"})
    void a_follow_up_that_reached_the_patient_counts_from_day_1_to_day_7_and_day_30(int days, int within7,
                                                                                   int within30) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(admitted(p, "2026-01-02")).send(discharged(p, DISCHARGE.toString(), 1))
                    .send(followUpCompleted(p, DISCHARGE.plusDays(days).toString(), FollowUpOutcome.REACHED));
            Measures.Raw feb = s.month(DISCHARGE.toString());
            assertThat(feb.followUpDischarges()).isEqualTo(1);
            assertThat(feb.followedUp7()).isEqualTo(within7);
            assertThat(feb.followedUp30()).isEqualTo(within30);
        }
    }

    @Test
    void a_follow_up_that_did_not_reach_the_patient_does_not_count() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID q = patient();
            s.send(discharged(p, "2026-02-01", 1)).send(followUpCompleted(p, "2026-02-03", FollowUpOutcome.NOT_REACHED));
            s.send(discharged(q, "2026-02-01", 2)).send(followUpCompleted(q, "2026-02-04", FollowUpOutcome.DECLINED));
            Measures.Raw feb = s.month("2026-02-01");
            assertThat(feb.followUpDischarges()).isEqualTo(2);
            assertThat(feb.followedUp30()).isZero();
        }
    }

    @Test
    void transfers_deaths_and_readmissions_within_30_days_leave_the_follow_up_denominator() {
        try (EventStream s = new EventStream()) {
            UUID transferred = patient();
            UUID died = patient();
            UUID back30 = patient();
            UUID back31 = patient();
            s.send(discharged(transferred, "2026-02-02", 4)).send(discharged(died, "2026-02-02", 6));
            s.send(admitted(back30, "2026-01-02")).send(discharged(back30, "2026-02-02", 2))
                    .send(admitted(back30, "2026-03-04")); // day 30: excluded
            s.send(admitted(back31, "2026-01-02")).send(discharged(back31, "2026-02-02", 2))
                    .send(admitted(back31, "2026-03-05")) // day 31: stays in
                    .send(followUpCompleted(back31, "2026-02-09", FollowUpOutcome.REACHED));
            Measures.Raw feb = s.month("2026-02-01");
            assertThat(feb.discharges()).isEqualTo(4);
            assertThat(feb.followUpDischarges()).isEqualTo(1);
            assertThat(feb.followedUp7()).isEqualTo(1);
        }
    }

    @Test
    void a_redelivered_or_retold_follow_up_counts_once_and_reached_stands_in_either_order() {
        UUID p = patient();
        UUID followUp = UUID.randomUUID();
        CloudEvent notReached = followUpCompleted(p, followUp, "2026-02-03", FollowUpOutcome.NOT_REACHED);
        CloudEvent reached = followUpCompleted(p, followUp, "2026-02-05", FollowUpOutcome.REACHED);
        for (List<CloudEvent> order : List.of(List.of(notReached, reached, reached), List.of(reached, notReached,
                reached, notReached))) {
            try (EventStream s = new EventStream()) {
                s.send(discharged(p, "2026-02-01", 1));
                order.forEach(s::send);
                Measures.Raw feb = s.month("2026-02-01");
                assertThat(feb.followUpDischarges()).isEqualTo(1);
                assertThat(feb.followedUp7()).isEqualTo(1);
                assertThat(s.patients().get(0).followUps()).hasSize(1);
            }
        }
    }

    @Test
    void unexpected_positive_rate_is_unexpected_positives_over_screens_resulted_in_the_week() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID q = patient();
            CloudEvent positive = drugScreen(p, "2026-01-05", true);
            s.send(positive).send(positive); // redelivered: once
            s.send(drugScreen(p, "2026-01-07", false)).send(drugScreen(q, "2026-01-11", false)); // last day counts
            s.send(drugScreen(q, "2026-01-12", true)); // next week
            s.send(drugScreen(q, "2026-01-04", true)); // previous week
            Measures.Raw w2 = s.week("2026-01-05");
            assertThat(w2.screens()).isEqualTo(3);
            assertThat(w2.unexpectedPositive()).isEqualTo(1);
            assertThat(s.week("2026-01-12").unexpectedPositive()).isEqualTo(1);
            assertThat(s.week("2026-01-04").screens()).isEqualTo(1);
        }
    }

    @Test
    void relapse_risk_flags_raised_count_by_their_date_and_once() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            CloudEvent flag = riskFlagged(p, "2026-01-31");
            s.send(flag).send(flag).send(riskFlagged(p, "2026-02-01")).send(riskFlagged(patient(), "2026-01-01"));
            assertThat(s.month("2026-01-15").riskFlags()).isEqualTo(2);
            assertThat(s.month("2026-02-15").riskFlags()).isEqualTo(1);
        }
    }

    @Test
    void a_track_filter_keeps_the_screens_and_flags_in_the_tracks_stays_and_the_follow_ups_of_its_discharges() {
        try (EventStream s = new EventStream()) {
            UUID adult = patient();
            UUID young = patient();
            s.send(admitted(adult, "2026-01-05", "iop-adult")).send(admitted(young, "2026-01-05", "iop-young-adult"));
            s.send(drugScreen(adult, "2026-01-06", true)).send(drugScreen(young, "2026-01-06", false));
            s.send(riskFlagged(young, "2026-01-07"));
            s.send(discharged(young, "2026-01-08", 1))
                    .send(followUpCompleted(young, "2026-01-10", FollowUpOutcome.REACHED));
            s.send(drugScreen(young, "2026-01-09", true)); // after the stay: no track
            Measures.Raw all = s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05").get(0);
            Measures.Raw youngOnly = s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05", "iop-young-adult").get(0);
            Measures.Raw adultOnly = s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05", "iop-adult").get(0);
            assertThat(all.screens()).isEqualTo(3);
            assertThat(all.unexpectedPositive()).isEqualTo(2);
            assertThat(youngOnly.screens()).isEqualTo(1);
            assertThat(youngOnly.unexpectedPositive()).isZero();
            assertThat(youngOnly.riskFlags()).isEqualTo(1);
            assertThat(youngOnly.followedUp7()).isEqualTo(1);
            assertThat(adultOnly.unexpectedPositive()).isEqualTo(1);
            assertThat(adultOnly.followUpDischarges()).isZero();
            assertThat(adultOnly.riskFlags()).isZero();
        }
    }

    @Test
    void another_clinics_follow_ups_screens_and_flags_are_ignored() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(discharged(p, "2026-02-01", 1));
            s.send(other(followUpCompleted(p, "2026-02-03", FollowUpOutcome.REACHED)));
            s.send(other(drugScreen(p, "2026-02-03", true))).send(other(riskFlagged(p, "2026-02-03")));
            Measures.Raw feb = s.month("2026-02-01");
            assertThat(feb.followUpDischarges()).isEqualTo(1);
            assertThat(feb.followedUp30()).isZero();
            assertThat(feb.screens()).isZero();
            assertThat(feb.riskFlags()).isZero();
            Measures.Raw theirs = Measures.raw(s.patients(), EventStream.OTHER_CLINIC.toString(), PeriodKind.MONTH,
                    LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-01"), null).get(0);
            assertThat(theirs.screens()).isEqualTo(1);
            assertThat(theirs.riskFlags()).isEqualTo(1);
            assertThat(theirs.followUpDischarges()).isZero(); // the discharge is this clinic's
        }
    }

    /** The same event told by another clinic (its own event id). */
    private static CloudEvent other(CloudEvent e) {
        return new CloudEvent(e.specversion(), UUID.randomUUID().toString(), e.source(), e.type(), e.subject(),
                e.time(), e.datacontenttype(), EventStream.OTHER_CLINIC.toString(), e.requestid(), e.data());
    }

    @Test
    void events_arriving_in_any_order_across_the_four_topics_give_the_same_answer() {
        List<CloudEvent> history = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            UUID p = patient();
            LocalDate in = LocalDate.parse("2026-01-01").plusDays(i * 2);
            LocalDate out = in.plusDays(20 + i);
            history.add(admitted(p, in.toString(), i % 2 == 0 ? "iop-adult" : "iop-young-adult"));
            history.add(drugScreen(p, in.plusDays(3).toString(), i % 3 == 0));
            history.add(riskFlagged(p, in.plusDays(4).toString()));
            history.add(discharged(p, out.toString(), 1 + i % 7));
            history.add(followUpCompleted(p, out.plusDays(i * 3 % 35).toString(),
                    i % 5 == 4 ? FollowUpOutcome.NOT_REACHED : FollowUpOutcome.REACHED));
            if (i % 6 == 5) {
                history.add(admitted(p, out.plusDays(10).toString()));
            }
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
        assertThat(inOrder).containsPattern("fu7=[1-9]").containsPattern("fu30=[1-9]").containsPattern("up=[1-9]")
                .containsPattern("flags=[1-9]");
    }

    private static String answer(List<CloudEvent> events) {
        try (EventStream s = new EventStream()) {
            events.forEach(s::send);
            StringBuilder all = new StringBuilder();
            for (String track : new String[] {null, "iop-adult"}) {
                for (Measures.Raw r : s.raw(PeriodKind.MONTH, "2026-01-01", "2026-04-30", track)) {
                    all.append(track).append(' ').append(r.label()).append(" fuDen=").append(r.followUpDischarges())
                            .append(" fu7=").append(r.followedUp7()).append(" fu30=").append(r.followedUp30())
                            .append(" screens=").append(r.screens()).append(" up=").append(r.unexpectedPositive())
                            .append(" flags=").append(r.riskFlags()).append('\n');
                }
            }
            return all.toString();
        }
    }

    @Test
    void the_served_answer_suppresses_the_new_counts_and_withholds_their_rates() {
        PeriodMeasures small = Measures.suppressed(raw(10, 10, 10, 10, 3, 4));
        assertThat(small.followUp7().numerator()).isEqualTo("<11");
        assertThat(small.followUp7().denominator()).isEqualTo("<11");
        assertThat(small.followUp7().rate()).isNull();
        assertThat(small.unexpectedPositiveScreens().numerator()).isEqualTo("<11");
        assertThat(small.unexpectedPositiveScreens().rate()).isNull();
        assertThat(small.relapseRiskFlags()).isEqualTo("<11");

        PeriodMeasures large = Measures.suppressed(raw(40, 11, 20, 44, 11, 0));
        assertThat(large.followUp7().denominator()).isEqualTo("40");
        assertThat(large.followUp7().rate()).isEqualTo(0.275);
        assertThat(large.followUp30().rate()).isEqualTo(0.5);
        assertThat(large.unexpectedPositiveScreens().rate()).isEqualTo(0.25);
        assertThat(large.relapseRiskFlags()).isEqualTo("0");

        PeriodMeasures withheld = Measures.suppressed(raw(40, 5, 0, 44, 0, 12));
        assertThat(withheld.followUp7().rate()).isNull(); // numerator 5
        assertThat(withheld.followUp30().rate()).isEqualTo(0.0);
        assertThat(withheld.unexpectedPositiveScreens().rate()).isEqualTo(0.0);
        assertThat(withheld.relapseRiskFlags()).isEqualTo("12");

        String csv = MeasuresCsv.write(new MeasuresAnswer(EventStream.CLINIC, PeriodKind.WEEK,
                LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-05"), null, List.of(small, large)));
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).contains(",follow_up7,follow_up_discharges,follow_up7_rate,follow_up30,follow_up30_rate,"
                + "screens,unexpected_positive_screens,unexpected_positive_rate,relapse_risk_flags,");
        int through = List.of(lines[0].split(",")).indexOf("relapse_risk_flags") + 1;
        assertThat(firstColumns(lines[1], through)).endsWith(",<11,<11,,<11,,<11,<11,,<11");
        assertThat(firstColumns(lines[2], through)).endsWith(",11,40,0.275,20,0.5,44,11,0.25,0");
        assertThat(lines[2].split(",", -1)).hasSize(lines[0].split(",").length);
    }

    private static String firstColumns(String line, int count) {
        return String.join(",", List.of(line.split(",", -1)).subList(0, count));
    }

    private static Measures.Raw raw(int followUpDischarges, int followedUp7, int followedUp30, int screens,
                                    int unexpectedPositive, int riskFlags) {
        return new Measures.Raw("2026-W02", LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-11"), 0, 0, 0,
                new int[7], List.of(), 0, 0, 0, 0, followUpDischarges, followedUp7, followedUp30, screens,
                unexpectedPositive, riskFlags);
    }
}
