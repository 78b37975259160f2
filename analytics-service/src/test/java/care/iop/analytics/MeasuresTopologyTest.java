package care.iop.analytics;

import care.iop.events.CloudEvent;
import care.iop.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static care.iop.analytics.EventStream.admitted;
import static care.iop.analytics.EventStream.attended;
import static care.iop.analytics.EventStream.discharged;
import static care.iop.analytics.EventStream.missed;
import static care.iop.analytics.EventStream.patient;
import static org.assertj.core.api.Assertions.assertThat;

/** Each measure on hand-built event sequences through the real topology (2026-01-05 is a Monday, ISO week 2). */
class MeasuresTopologyTest {

    @Test
    void census_counts_who_is_admitted_and_not_discharged_at_the_week_end() {
        try (EventStream s = new EventStream()) {
            UUID a = patient();
            UUID b = patient();
            UUID c = patient();
            s.send(admitted(a, "2026-01-05")).send(discharged(a, "2026-01-11", 1)); // out on the week's last day
            s.send(admitted(b, "2026-01-11")); // in on the week's last day
            s.send(admitted(c, "2026-01-12")); // next week
            Measures.Raw w2 = s.week("2026-01-07");
            assertThat(w2.label()).isEqualTo("2026-W02");
            assertThat(w2.census()).isEqualTo(1);
            assertThat(w2.admissions()).isEqualTo(2);
            Measures.Raw w3 = s.week("2026-01-12");
            assertThat(w3.census()).isEqualTo(2);
            assertThat(w3.admissions()).isEqualTo(1);
            assertThat(s.week("2025-12-31").census()).isZero();
        }
    }

    @Test
    void discharges_count_by_teds_reason_and_completion_is_reason_1_over_all() {
        try (EventStream s = new EventStream()) {
            int[] reasons = {1, 1, 1, 2, 3, 4, 7};
            for (int reason : reasons) {
                UUID p = patient();
                s.send(admitted(p, "2026-01-02")).send(discharged(p, "2026-01-20", reason));
            }
            UUID late = patient(); // February: not January's
            s.send(admitted(late, "2026-01-02")).send(discharged(late, "2026-02-01", 1));
            Measures.Raw jan = s.month("2026-01-15");
            assertThat(jan.label()).isEqualTo("2026-01");
            assertThat(jan.discharges()).isEqualTo(7);
            assertThat(jan.dischargesByReason()).containsExactly(3, 1, 1, 1, 0, 0, 1);
            assertThat(jan.completed()).isEqualTo(3);
            assertThat(s.month("2026-02-01").discharges()).isEqualTo(1);
            assertThat(s.month("2026-01-31").census()).isEqualTo(1);
        }
    }

    @Test
    void length_of_stay_is_admission_date_to_discharge_date_of_the_periods_discharges() {
        try (EventStream s = new EventStream()) {
            LocalDate discharge = LocalDate.parse("2026-03-10");
            for (int days : new int[] {40, 10, 30, 20}) {
                UUID p = patient();
                s.send(discharged(p, discharge.toString(), 1)) // before its admission: order does not matter
                        .send(admitted(p, discharge.minusDays(days).toString()));
            }
            UUID unknownAdmission = patient();
            s.send(discharged(unknownAdmission, "2026-03-11", 2));
            Measures.Raw march = s.month("2026-03-01");
            assertThat(march.discharges()).isEqualTo(5);
            assertThat(march.staysDays()).containsExactly(10L, 20L, 30L, 40L);
            assertThat(Measures.quantile(march.staysDays(), 0.5)).isEqualTo(25.0);
            assertThat(Measures.quantile(march.staysDays(), 0.25)).isEqualTo(17.5);
            assertThat(Measures.quantile(march.staysDays(), 0.75)).isEqualTo(32.5);
        }
    }

    @ParameterizedTest(name = "readmitted {0} days after discharge: within 30 {1}, within 90 {2}")
    @CsvSource({"0, 1, 1", "1, 1, 1", "30, 1, 1", "31, 0, 1", "90, 0, 1", "91, 0, 0"})
    void readmission_counts_a_new_admission_within_30_and_90_days_of_a_discharge_in_the_period(int gap, int within30,
                                                                                             int within90) {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            LocalDate discharge = LocalDate.parse("2026-02-01");
            s.send(admitted(p, "2026-01-02")).send(discharged(p, discharge.toString(), 2))
                    .send(admitted(p, discharge.plusDays(gap).toString()));
            Measures.Raw feb = s.month("2026-02-01");
            assertThat(feb.discharges()).isEqualTo(1);
            assertThat(feb.readmitted30()).isEqualTo(within30);
            assertThat(feb.readmitted90()).isEqualTo(within90);
            // The readmission opened a new episode: its own stay, not the first one's.
            assertThat(feb.staysDays()).containsExactly(30L);
        }
    }

    @Test
    void an_admission_before_the_discharge_is_not_a_readmission() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(admitted(p, "2025-12-01")).send(admitted(p, "2026-01-03")).send(discharged(p, "2026-01-20", 1));
            Measures.Raw jan = s.month("2026-01-01");
            assertThat(jan.readmitted90()).isZero();
            assertThat(jan.staysDays()).containsExactly(17L); // the discharge closes the latest open admission
        }
    }

    @Test
    void attendance_is_attended_over_attended_and_unexcused_misses_of_sessions_in_the_week() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            UUID q = patient();
            s.send(admitted(p, "2026-01-02")).send(admitted(q, "2026-01-02"));
            s.send(attended(p, "2026-01-05")).send(attended(p, "2026-01-07")).send(attended(q, "2026-01-11"));
            s.send(missed(p, "2026-01-09", false)).send(missed(q, "2026-01-06", true)); // excused: not counted
            s.send(attended(q, "2026-01-12")); // next week
            Measures.Raw w2 = s.week("2026-01-05");
            assertThat(w2.attended()).isEqualTo(3);
            assertThat(w2.scheduled()).isEqualTo(4);
            assertThat(s.week("2026-01-12").attended()).isEqualTo(1);
        }
    }

    @Test
    void an_attendance_and_a_miss_of_the_same_session_give_one_outcome_in_either_order() {
        UUID p = patient();
        CloudEvent attendance = attended(p, "2026-01-06");
        UUID session = UUID.fromString(attendance.data().get("sessionId").asText());
        CloudEvent miss = EventStream.event(new care.iop.events.scheduling.SessionMissed(session,
                care.iop.events.scheduling.SessionKind.GROUP_THERAPY, false, EventStream.startsAt("2026-01-06"), 1), p,
                EventStream.CLINIC);
        for (List<CloudEvent> order : List.of(List.of(attendance, miss), List.of(miss, attendance))) {
            try (EventStream s = new EventStream()) {
                order.forEach(s::send);
                Measures.Raw w2 = s.week("2026-01-06");
                assertThat(w2.attended()).isEqualTo(1);
                assertThat(w2.scheduled()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_redelivered_event_counts_once() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            CloudEvent admission = admitted(p, "2026-01-05");
            CloudEvent attendance = attended(p, "2026-01-06");
            CloudEvent discharge = discharged(p, "2026-01-09", 1);
            s.send(admission).send(attendance).send(discharge).send(admission).send(discharge).send(attendance)
                    .send(admission);
            Measures.Raw w2 = s.week("2026-01-05");
            assertThat(w2.admissions()).isEqualTo(1);
            assertThat(w2.discharges()).isEqualTo(1);
            assertThat(w2.attended()).isEqualTo(1);
            assertThat(w2.readmitted30()).isZero(); // the admission told again is not a readmission
        }
    }

    @Test
    void the_same_admission_republished_under_a_new_event_id_counts_once() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            CloudEvent admission = admitted(p, "2026-01-05");
            s.send(admission).send(EventStream.event(UUID.randomUUID().toString(),
                    care.iop.events.EventJson.read(admission.data(), care.iop.events.intake.PatientAdmitted.class), p,
                    EventStream.CLINIC));
            assertThat(s.week("2026-01-05").admissions()).isEqualTo(1);
        }
    }

    @Test
    void events_arriving_in_any_order_across_topics_give_the_same_answer() {
        List<CloudEvent> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID p = patient();
            LocalDate in = LocalDate.parse("2026-01-01").plusDays(i * 3);
            history.add(admitted(p, in.toString(), i % 2 == 0 ? "iop-adult" : "iop-young-adult"));
            history.add(attended(p, in.plusDays(1).toString()));
            history.add(missed(p, in.plusDays(2).toString(), i % 3 == 0));
            if (i % 4 != 3) {
                history.add(discharged(p, in.plusDays(20 + i).toString(), 1 + i % 7));
                if (i % 2 == 1) {
                    history.add(admitted(p, in.plusDays(20 + i + 5 * i).toString()));
                }
            }
        }
        String inOrder = answer(history, null);
        String tracked = answer(history, "iop-adult");
        for (long seed : new long[] {1, 2, 3}) {
            List<CloudEvent> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(answer(shuffled, null)).isEqualTo(inOrder);
            assertThat(answer(shuffled, "iop-adult")).isEqualTo(tracked);
        }
        List<CloudEvent> reversed = new ArrayList<>(history);
        Collections.reverse(reversed);
        assertThat(answer(reversed, null)).isEqualTo(inOrder);
        assertThat(inOrder).containsPattern("admissions=[1-9]").containsPattern("re30=[1-9]").containsPattern("discharges=[1-9]");
    }

    private static String answer(List<CloudEvent> events, String track) {
        try (EventStream s = new EventStream()) {
            events.forEach(s::send);
            StringBuilder all = new StringBuilder();
            for (PeriodKind kind : PeriodKind.values()) {
                for (Measures.Raw r : s.raw(kind, "2026-01-01", "2026-04-30", track)) {
                    all.append(r.label()).append(" census=").append(r.census()).append(" admissions=")
                            .append(r.admissions()).append(", discharges=").append(r.discharges())
                            .append(Arrays.toString(r.dischargesByReason())).append(" stays=").append(r.staysDays())
                            .append(" re30=").append(r.readmitted30()).append(" re90=").append(r.readmitted90())
                            .append(" attended=").append(r.attended()).append('/').append(r.scheduled()).append('\n');
                }
            }
            return all.toString();
        }
    }

    @Test
    void only_the_asked_clinics_events_count() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.send(admitted(p, "2026-01-05"));
            s.send(EventStream.event(new care.iop.events.intake.PatientAdmitted(UUID.randomUUID(), "iop-adult",
                    care.iop.events.LevelOfCare.LEVEL_2_1, LocalDate.parse("2026-01-06"), UUID.randomUUID()),
                    patient(), EventStream.OTHER_CLINIC));
            assertThat(s.week("2026-01-05").admissions()).isEqualTo(1);
            assertThat(Measures.raw(s.patients(), EventStream.OTHER_CLINIC.toString(), PeriodKind.WEEK,
                    LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-05"), null).get(0).admissions())
                    .isEqualTo(1);
        }
    }

    @Test
    void a_track_filter_keeps_the_tracks_admissions_discharges_and_sessions() {
        try (EventStream s = new EventStream()) {
            UUID adult = patient();
            UUID young = patient();
            s.send(admitted(adult, "2026-01-05", "iop-adult")).send(admitted(young, "2026-01-05", "iop-young-adult"));
            s.send(attended(adult, "2026-01-06")).send(attended(young, "2026-01-06")).send(attended(young, "2026-01-07"));
            s.send(discharged(young, "2026-01-08", 1));
            Measures.Raw all = s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05").get(0);
            Measures.Raw youngOnly = s.raw(PeriodKind.WEEK, "2026-01-05", "2026-01-05", "iop-young-adult").get(0);
            assertThat(all.admissions()).isEqualTo(2);
            assertThat(all.attended()).isEqualTo(3);
            assertThat(youngOnly.admissions()).isEqualTo(1);
            assertThat(youngOnly.discharges()).isEqualTo(1);
            assertThat(youngOnly.attended()).isEqualTo(2);
            assertThat(youngOnly.census()).isZero();
        }
    }

    @Test
    void records_that_are_not_events_or_of_other_types_are_skipped_and_the_stream_goes_on() {
        try (EventStream s = new EventStream()) {
            UUID p = patient();
            s.sendRaw(Topics.INTAKE, p.toString(), "not json").sendRaw(Topics.INTAKE, p.toString(), null)
                    .sendRaw(Topics.AFTERCARE, p.toString(), "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":"
                            + "\"care.iop.aftercare.patient.discharged.v1\",\"clinicid\":\"" + EventStream.CLINIC
                            + "\",\"data\":{\"reasonCode\":\"one\"}}");
            s.send(admitted(p, "2026-01-05"));
            assertThat(s.week("2026-01-05").admissions()).isEqualTo(1);
            assertThat(s.week("2026-01-05").discharges()).isZero();
        }
    }

    @Test
    void weeks_are_iso_weeks_and_months_calendar_months() {
        assertThat(PeriodKind.WEEK.startOf(LocalDate.parse("2026-01-01"))).isEqualTo("2025-12-29");
        assertThat(PeriodKind.WEEK.label(LocalDate.parse("2025-12-29"))).isEqualTo("2026-W01");
        assertThat(PeriodKind.WEEK.label(LocalDate.parse("2026-12-28"))).isEqualTo("2026-W53");
        assertThat(PeriodKind.MONTH.endOf(LocalDate.parse("2028-02-01"))).isEqualTo("2028-02-29");
        assertThat(Measures.periodStarts(PeriodKind.WEEK, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-12")))
                .containsExactly(LocalDate.parse("2025-12-29"), LocalDate.parse("2026-01-05"),
                        LocalDate.parse("2026-01-12"));
    }
}
