package care.iop.scheduling.billing;

import care.iop.scheduling.billing.BillableDayDecision.ClaimLine;
import care.iop.scheduling.billing.BillingFacts.Authorization;
import care.iop.scheduling.billing.BillingFacts.DateRange;
import care.iop.scheduling.billing.BillingFacts.PhysicianCertification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static care.iop.scheduling.billing.ServiceKind.GROUP_THERAPY;
import static care.iop.scheduling.billing.ServiceKind.INDIVIDUAL_THERAPY;
import static care.iop.scheduling.billing.ServiceKind.MEDICATION_MANAGEMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Table tests of each rule set in payer-rules-2026.1.json. The week under test is Monday 2026-03-09 to Sunday
 * 2026-03-15; the facts on file, unless a row changes them: a treatment plan for 2026, a certification signed
 * 2026-02-02 for 9 h a week, an authorization 2026-01-01 to 2026-06-30 with 20 units, a clinic at place of service 57.
 */
class BillableDayRulesTest {

    static final PayerRules TABLE = PayerRules.load();
    static final BillableDayRules RULES = new BillableDayRules(TABLE);
    static final LocalDate WED = LocalDate.of(2026, 3, 11);

    static final DateRange PLAN_2026 = new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));
    static final PhysicianCertification CERT = new PhysicianCertification(LocalDate.of(2026, 2, 2), 540);
    static final Authorization AUTH = new Authorization(
            new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30)), 20);
    static final BillingFacts FACTS = new BillingFacts(List.of(PLAN_2026), List.of(CERT), AUTH, "57");

    static final String PLAN_OK = "treatment plan in force 2026-01-01 to 2026-12-31";
    static final String AUTH_OK = "authorized 2026-01-01 to 2026-06-30, 20 units remaining";
    static final String CERT_OK = "physician certification signed 2026-02-02 for 9 h a week, recertification due"
            + " 2026-04-02";

    /** A day of {@code services} in-person group sessions sharing {@code minutes} (plus telehealth minutes). */
    static ServiceDay day(LocalDate date, int minutes, int services, int telehealthMinutes) {
        List<ServiceDay.Service> list = new ArrayList<>();
        for (int i = 1; i <= services; i++) {
            list.add(new ServiceDay.Service("s" + i, GROUP_THERAPY, minutes / services, 0));
        }
        return new ServiceDay("p1", date, minutes, telehealthMinutes, list);
    }

    static ServiceDay day(LocalDate date, int minutes) {
        return day(date, minutes, 3, 0);
    }

    /** "2026-03-09=180 2026-03-13=200": the other days of the week. */
    static List<ServiceDay> week(String spec) {
        if (spec == null) {
            return List.of();
        }
        return Arrays.stream(spec.trim().split("\\s+")).map(e -> e.split("="))
                .map(e -> day(LocalDate.parse(e[0]), Integer.parseInt(e[1]))).toList();
    }

    static List<String> reasons(String joined) {
        return Arrays.stream(joined.split(";")).map(String::trim).toList();
    }

    @ParameterizedTest(name = "H0015: {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            3 h 00 on a third day of the week  | 180 | 2026-03-09=180 2026-03-13=180 | true  | 3 h >= 3 h (H0015 minimum per day); 3 qualifying days in the week of 2026-03-09 >= 3 (H0015 days per week)
            2 h 59 on a third day of the week  | 179 | 2026-03-09=180 2026-03-13=180 | false | 2 h 59 min < 3 h (H0015 minimum per day); 2 qualifying days in the week of 2026-03-09 < 3 (H0015 days per week)
            2 h 40                             | 160 | 2026-03-09=180 2026-03-13=180 | false | 2 h 40 min < 3 h (H0015 minimum per day); 2 qualifying days in the week of 2026-03-09 < 3 (H0015 days per week)
            only the second day of the week    | 180 | 2026-03-09=180                | false | 3 h >= 3 h (H0015 minimum per day); 2 qualifying days in the week of 2026-03-09 < 3 (H0015 days per week)
            a third day short by one minute    | 180 | 2026-03-09=180 2026-03-13=179 | false | 3 h >= 3 h (H0015 minimum per day); 2 qualifying days in the week of 2026-03-09 < 3 (H0015 days per week)
            Sunday is in the same ISO week     | 180 | 2026-03-09=180 2026-03-15=180 | true  | 3 h >= 3 h (H0015 minimum per day); 3 qualifying days in the week of 2026-03-09 >= 3 (H0015 days per week)
            five days, all long                | 240 | 2026-03-09=200 2026-03-10=181 2026-03-12=180 2026-03-13=300 | true | 4 h >= 3 h (H0015 minimum per day); 5 qualifying days in the week of 2026-03-09 >= 3 (H0015 days per week)
            """)
    void h0015(String name, int minutes, String otherDays, boolean billable, String dayReasons) {
        BillableDayDecision d = RULES.decide("h0015", day(WED, minutes), week(otherDays), FACTS);
        List<String> expected = new ArrayList<>(reasons(dayReasons));
        expected.addAll(List.of(PLAN_OK, AUTH_OK));
        assertThat(d.reasons()).containsExactlyElementsOf(expected);
        assertThat(d.billable()).isEqualTo(billable);
        assertThat(d.lines()).isEqualTo(billable ? List.of(new ClaimLine("H0015", null, 1, List.of(), "57"))
                : List.of());
        assertThat(d.rulesVersion()).isEqualTo("2026.1");
        assertThat(d.conditionCodes()).isEmpty();
        assertThat(d.perDiemClass()).isNull();
    }

    @Test
    void h0015_the_third_day_makes_the_monday_billable() {
        ServiceDay monday = day(LocalDate.of(2026, 3, 9), 180);
        assertThat(RULES.decide("h0015", monday, week("2026-03-11=180"), FACTS).billable()).isFalse();
        assertThat(RULES.decide("h0015", monday, week("2026-03-11=180 2026-03-13=180"), FACTS).billable()).isTrue();
    }

    @ParameterizedTest(name = "authorization and plan: {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            authorization ended the day before | 2026-01-01 | 2026-03-10 | 20 | 2026-03-11 is outside the authorization 2026-01-01 to 2026-03-10
            authorization starts the day after | 2026-03-12 | 2026-04-30 | 20 | 2026-03-11 is outside the authorization 2026-03-12 to 2026-04-30
            no units remaining                 | 2026-01-01 | 2026-06-30 | 0  | authorization has 0 units remaining < 1 needed
            no authorization on file           | -          | -          | 0  | no authorization on file
            """)
    void h0015_unauthorized_days_are_not_billable(String name, LocalDate from, LocalDate to, int units,
                                                   String reason) {
        Authorization auth = from == null ? null : new Authorization(new DateRange(from, to), units);
        BillableDayDecision d = RULES.decide("h0015", day(WED, 180), week("2026-03-09=180 2026-03-13=180"),
                new BillingFacts(List.of(PLAN_2026), List.of(), auth, "57"));
        assertThat(d.billable()).isFalse();
        assertThat(d.lines()).isEmpty();
        assertThat(d.reasons()).last().isEqualTo(reason);
    }

    @Test
    void h0015_authorization_dates_are_inclusive() {
        Authorization lastDay = new Authorization(new DateRange(LocalDate.of(2026, 2, 1), WED), 1);
        BillableDayDecision d = RULES.decide("h0015", day(WED, 180), week("2026-03-09=180 2026-03-13=180"),
                new BillingFacts(List.of(PLAN_2026), List.of(), lastDay, "57"));
        assertThat(d.billable()).isTrue();
        assertThat(d.reasons()).last().isEqualTo("authorized 2026-02-01 to 2026-03-11, 1 unit remaining");
    }

    @Test
    void h0015_needs_a_treatment_plan_in_force() {
        DateRange ended = new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 10));
        BillableDayDecision d = RULES.decide("h0015", day(WED, 180), week("2026-03-09=180 2026-03-13=180"),
                new BillingFacts(List.of(ended), List.of(), AUTH, "57"));
        assertThat(d.billable()).isFalse();
        assertThat(d.reasons()).contains("no individualized treatment plan in force on 2026-03-11");
    }

    @Test
    void h0015_telehealth_day_is_coded_95_and_place_of_service_10() {
        BillableDayDecision d = RULES.decide("h0015", day(WED, 180, 3, 180), week("2026-03-09=180 2026-03-13=180"),
                FACTS);
        assertThat(d.billable()).isTrue();
        assertThat(d.lines()).containsExactly(new ClaimLine("H0015", null, 1, List.of("95"), "10"));
        assertThat(d.reasons()).first().isEqualTo("180 of 180 min by telehealth: coded as telehealth");
    }

    @Test
    void h0015_a_day_partly_by_telehealth_is_left_to_a_biller() {
        BillableDayDecision d = RULES.decide("h0015", day(WED, 180, 3, 60), week("2026-03-09=180 2026-03-13=180"),
                FACTS);
        assertThat(d.billable()).isFalse();
        assertThat(d.reasons()).first().isEqualTo("60 of 180 min by telehealth: a day partly in person and partly"
                + " by telehealth is not coded by the table; bill it by hand");
    }

    @Test
    void a_week_day_from_another_week_or_patient_is_refused() {
        assertThatThrownBy(() -> RULES.decide("h0015", day(WED, 180), week("2026-03-16=180"), FACTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("week day 2026-03-16 is not in the week of 2026-03-09");
        ServiceDay other = new ServiceDay("p2", WED, 180, 0, List.of());
        assertThatThrownBy(() -> RULES.decide("h0015", day(WED, 180), List.of(other), FACTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("week day 2026-03-11 is patient p2's, not p1's");
    }

    @ParameterizedTest(name = "S9480: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            3 h 00, alone in its week | 180 | true  | 3 h >= 3 h (S9480 minimum per day)
            2 h 59                    | 179 | false | 2 h 59 min < 3 h (S9480 minimum per day)
            """)
    void s9480_has_no_weekly_minimum(String name, int minutes, boolean billable, String reason) {
        BillableDayDecision d = RULES.decide("s9480", day(WED, minutes), List.of(), FACTS);
        assertThat(d.reasons()).containsExactly(reason, PLAN_OK, AUTH_OK);
        assertThat(d.billable()).isEqualTo(billable);
        assertThat(d.lines()).isEqualTo(billable ? List.of(new ClaimLine("S9480", null, 1, List.of(), "57"))
                : List.of());
    }

    @ParameterizedTest(name = "Medicare IOP: {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            2 services             | 2 | false | -                      | 2 services < 3 (fewest for a Medicare IOP per-diem class)
            3 services             | 3 | true  | IOP 3 services         | 3 services: Medicare IOP per-diem class IOP 3 services
            4 services             | 4 | true  | IOP 4 or more services | 4 services: Medicare IOP per-diem class IOP 4 or more services
            6 services             | 6 | true  | IOP 4 or more services | 6 services: Medicare IOP per-diem class IOP 4 or more services
            """)
    void medicare_iop_per_diem_class(String name, int services, boolean billable, String perDiemClass,
                                     String reason) {
        BillableDayDecision d = RULES.decide("medicare-iop", day(WED, 180, services, 0), List.of(), FACTS);
        assertThat(d.reasons()).containsExactly(reason, PLAN_OK, CERT_OK);
        assertThat(d.billable()).isEqualTo(billable);
        assertThat(d.perDiemClass()).isEqualTo(perDiemClass);
        assertThat(d.lines()).isEqualTo(billable ? List.of(new ClaimLine(null, "0905", 1, List.of(), null))
                : List.of());
        assertThat(d.conditionCodes()).isEqualTo(billable ? List.of("92") : List.of());
    }

    @ParameterizedTest(name = "Medicare certification: {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the day before recertification is due | 2026-01-05 | 540 | -          | 2026-03-04 | true  | physician certification signed 2026-01-05 for 9 h a week, recertification due 2026-03-05
            lapsed on its due date                | 2026-01-05 | 540 | -          | 2026-03-05 | false | physician certification signed 2026-01-05 lapsed on 2026-03-05 (recertify at least every 2 months)
            lapsed a week later                   | 2026-01-05 | 540 | -          | 2026-03-12 | false | physician certification signed 2026-01-05 lapsed on 2026-03-05 (recertify at least every 2 months)
            recertified on its due date           | 2026-01-05 | 540 | 2026-03-05 | 2026-03-05 | true  | physician certification signed 2026-03-05 for 9 h a week, recertification due 2026-05-05
            a recertification after the date does not count | 2026-01-05 | 540 | 2026-03-13 | 2026-03-12 | false | physician certification signed 2026-01-05 lapsed on 2026-03-05 (recertify at least every 2 months)
            signed after the date only            | 2026-03-13 | 540 | -          | 2026-03-12 | false | no physician certification on file on 2026-03-12 (Medicare IOP)
            certifies 8 h 59 a week               | 2026-03-01 | 539 | -          | 2026-03-12 | false | certified need 8 h 59 min a week < 9 h (Medicare IOP certification)
            """)
    void medicare_iop_certification(String name, LocalDate signed, int minutes, LocalDate recertified,
                                    LocalDate date, boolean billable, String reason) {
        List<PhysicianCertification> certs = new ArrayList<>(List.of(new PhysicianCertification(signed, minutes)));
        if (recertified != null) {
            certs.add(new PhysicianCertification(recertified, 540));
        }
        BillableDayDecision d = RULES.decide("medicare-iop", day(date, 180, 3, 0), List.of(),
                new BillingFacts(List.of(PLAN_2026), certs, null, null));
        assertThat(d.reasons()).containsExactly("3 services: Medicare IOP per-diem class IOP 3 services", PLAN_OK,
                reason);
        assertThat(d.billable()).isEqualTo(billable);
    }

    @Test
    void medicare_iop_does_not_pay_for_telehealth() {
        BillableDayDecision d = RULES.decide("medicare-iop", day(WED, 180, 3, 60), List.of(), FACTS);
        assertThat(d.billable()).isFalse();
        assertThat(d.reasons()).first().isEqualTo("60 of 180 min by telehealth: Medicare IOP does not pay for"
                + " telehealth");
    }

    @Test
    void medicare_iop_needs_no_authorization_and_no_place_of_service() {
        BillableDayDecision d = RULES.decide("medicare-iop", day(WED, 180, 4, 0), List.of(),
                new BillingFacts(List.of(PLAN_2026), List.of(CERT), null, null));
        assertThat(d.billable()).isTrue();
        assertThat(d.lines()).containsExactly(new ClaimLine(null, "0905", 1, List.of(), null));
    }

    static ServiceDay mixedDay() {
        return new ServiceDay("p1", WED, 240, 60, List.of(
                new ServiceDay.Service("g1", GROUP_THERAPY, 90, 0),
                new ServiceDay.Service("g2", GROUP_THERAPY, 60, 60),
                new ServiceDay.Service("i1", INDIVIDUAL_THERAPY, 50, 0),
                new ServiceDay.Service("m1", MEDICATION_MANAGEMENT, 40, 0)));
    }

    @Test
    void per_service_bills_each_group_session_with_its_own_place_of_service() {
        BillableDayDecision d = RULES.decide("group-90853", mixedDay(), List.of(), FACTS);
        assertThat(d.billable()).isTrue();
        assertThat(d.lines()).containsExactly(
                new ClaimLine("90853", null, 1, List.of(), "57"),
                new ClaimLine("90853", null, 1, List.of("95"), "10"));
        assertThat(d.reasons()).containsExactly(
                "group-therapy g1: 90853",
                "group-therapy g2: 90853 by telehealth",
                "individual-therapy i1: not billed under per-service 90853 (no code for this kind)",
                "medication-management m1: not billed under per-service 90853 (no code for this kind)",
                AUTH_OK);
    }

    @Test
    void per_service_needs_a_unit_for_each_line() {
        Authorization oneLeft = new Authorization(AUTH.dates(), 1);
        BillableDayDecision d = RULES.decide("group-90853", mixedDay(), List.of(),
                new BillingFacts(List.of(), List.of(), oneLeft, "57"));
        assertThat(d.billable()).isFalse();
        assertThat(d.lines()).isEmpty();
        assertThat(d.reasons()).last().isEqualTo("authorization has 1 unit remaining < 2 needed");
    }

    @Test
    void per_service_day_without_a_billable_kind() {
        ServiceDay individualOnly = new ServiceDay("p1", WED, 60, 0,
                List.of(new ServiceDay.Service("i1", INDIVIDUAL_THERAPY, 60, 0)));
        BillableDayDecision d = RULES.decide("group-90853", individualOnly, List.of(), FACTS);
        assertThat(d.billable()).isFalse();
        assertThat(d.reasons()).containsExactly(
                "individual-therapy i1: not billed under per-service 90853 (no code for this kind)",
                "no session billable under per-service 90853", AUTH_OK);
    }

    @Test
    void per_diem_and_per_service_differ_on_the_same_short_day() {
        // One 2 h 40 group: no H0015 day, but a 90853 session.
        ServiceDay shortDay = new ServiceDay("p1", WED, 160, 0,
                List.of(new ServiceDay.Service("g1", GROUP_THERAPY, 160, 0)));
        assertThat(RULES.decide("h0015", shortDay, week("2026-03-09=180 2026-03-13=180"), FACTS).billable())
                .isFalse();
        assertThat(RULES.decide("group-90853", shortDay, List.of(), FACTS).lines())
                .containsExactly(new ClaimLine("90853", null, 1, List.of(), "57"));
    }

    /** From attended pieces to a decision, on the DST dates (both Sundays) in the track's zone. */
    @ParameterizedTest(name = "end to end: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            spring forward: 01:00-04:00 on the clock is 2 h | 2026-03-08T01:00-05:00 | 2026-03-08T04:00-04:00 | 2026-03-08 | 2026-03-02 | false | 2 h < 3 h (H0015 minimum per day)
            fall back: 00:30-03:00 on the clock is 3 h 30   | 2026-11-01T00:30-04:00 | 2026-11-01T03:00-05:00 | 2026-11-01 | 2026-10-26 | true  | 3 h 30 min >= 3 h (H0015 minimum per day)
            """)
    void h0015_on_dst_dates(String name, String start, String end, LocalDate date, LocalDate monday,
                            boolean billable, String reason) {
        ZoneId zone = ZoneId.of("America/New_York");
        List<AttendedService> pieces = new ArrayList<>();
        pieces.add(ServiceMinutesTest.piece("g1", GROUP_THERAPY, start, end));
        // Two other 3-hour days earlier in the same week.
        IntStream.of(1, 3).forEach(i -> {
            String d = monday.plusDays(i).toString();
            String offset = date.getMonthValue() == 3 ? "-05:00" : "-04:00";
            pieces.add(ServiceMinutesTest.piece("w" + i, GROUP_THERAPY, d + "T09:00" + offset, d + "T12:00" + offset));
        });
        List<ServiceDay> days = ServiceMinutes.byDay(pieces, zone);
        ServiceDay sunday = days.stream().filter(x -> x.date().equals(date)).findFirst().orElseThrow();
        BillingFacts facts = new BillingFacts(List.of(new DateRange(monday, date)), List.of(),
                new Authorization(new DateRange(monday, date), 5), "57");
        BillableDayDecision d = RULES.decide("h0015", sunday, days, facts);
        assertThat(d.reasons()).first().isEqualTo(reason);
        assertThat(d.billable()).isEqualTo(billable);
    }

    @Test
    void a_day_across_local_midnight_is_two_short_days() {
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(ServiceMinutesTest.piece("g1", GROUP_THERAPY,
                "2026-03-10T22:00-04:00", "2026-03-11T01:00-04:00")), ZoneId.of("America/New_York"));
        assertThat(days).extracting(x -> RULES.decide("s9480", x, List.of(), FACTS).reasons().get(0))
                .containsExactly("2 h < 3 h (S9480 minimum per day)", "1 h < 3 h (S9480 minimum per day)");
    }

    @Test
    void an_unknown_rule_set_is_refused() {
        assertThatThrownBy(() -> RULES.decide("h0016", day(WED, 180), List.of(), FACTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payer rule table 2026.1 has no rule set h0016");
    }

    @Test
    void professional_claim_needs_the_clinic_place_of_service() {
        assertThatThrownBy(() -> RULES.decide("s9480", day(WED, 180), List.of(),
                new BillingFacts(List.of(PLAN_2026), List.of(), AUTH, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the clinic's in-person place of service is needed for a S9480 professional claim");
    }

    @Test
    void hours_are_written_exactly() {
        assertThat(BillableDayRules.hours(179)).isEqualTo("2 h 59 min");
        assertThat(BillableDayRules.hours(180)).isEqualTo("3 h");
        assertThat(BillableDayRules.hours(45)).isEqualTo("45 min");
        assertThat(BillableDayRules.hours(0)).isEqualTo("0 min");
    }
}
