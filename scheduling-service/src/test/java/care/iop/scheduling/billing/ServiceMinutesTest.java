package care.iop.scheduling.billing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static care.iop.scheduling.billing.ServiceKind.BREAK;
import static care.iop.scheduling.billing.ServiceKind.GROUP_THERAPY;
import static care.iop.scheduling.billing.ServiceKind.INDIVIDUAL_THERAPY;
import static care.iop.scheduling.billing.ServiceKind.PSYCHOEDUCATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Times are written with their offset in America/New_York: EST -05:00, EDT -04:00 (DST 2026-03-08 and 2026-11-01). */
class ServiceMinutesTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    static AttendedService piece(String serviceId, ServiceKind kind, String start, String end, boolean telehealth) {
        return new AttendedService("p1", serviceId, kind, at(start), at(end), telehealth);
    }

    static AttendedService piece(String serviceId, ServiceKind kind, String start, String end) {
        return piece(serviceId, kind, start, end, false);
    }

    static Map<LocalDate, Integer> minutesByDate(List<ServiceDay> days) {
        return days.stream().collect(Collectors.toMap(ServiceDay::date, ServiceDay::countableMinutes));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            3 h 00 exactly                                  | 2026-03-10T09:00-04:00    | 2026-03-10T12:00-04:00 | 2026-03-10=180
            2 h 59                                          | 2026-03-10T09:00-04:00    | 2026-03-10T11:59-04:00 | 2026-03-10=179
            2 h 59 min 59 s is dropped to 2 h 59            | 2026-03-10T09:00-04:00    | 2026-03-10T11:59:59-04:00 | 2026-03-10=179
            partial attendance counts its minutes           | 2026-03-10T09:00-04:00    | 2026-03-10T10:10-04:00 | 2026-03-10=70
            split at local midnight                         | 2026-03-10T22:30-04:00    | 2026-03-11T01:30-04:00 | 2026-03-10=90 2026-03-11=90
            spring forward: 01:00 to 04:00 on the clock     | 2026-03-08T01:00-05:00    | 2026-03-08T04:00-04:00 | 2026-03-08=120
            from the evening before into spring forward     | 2026-03-07T23:00-05:00    | 2026-03-08T04:00-04:00 | 2026-03-07=60 2026-03-08=180
            spring-forward date is 23 h long                | 2026-03-08T00:00-05:00    | 2026-03-09T00:00-04:00 | 2026-03-08=1380
            fall back: 00:30 to 03:00 on the clock          | 2026-11-01T00:30-04:00    | 2026-11-01T03:00-05:00 | 2026-11-01=210
            fall-back date is 25 h long                     | 2026-11-01T00:00-04:00    | 2026-11-02T00:00-05:00 | 2026-11-01=1500
            fall-back night: 00:00 EDT to 02:00 EST is 3 h  | 2026-10-31T23:00-04:00    | 2026-11-01T02:00-05:00 | 2026-10-31=60 2026-11-01=180
            """)
    void one_piece(String name, String start, String end, String expected) {
        Map<LocalDate, Integer> want = Arrays.stream(expected.split(" ")).map(e -> e.split("="))
                .collect(Collectors.toMap(e -> LocalDate.parse(e[0]), e -> Integer.parseInt(e[1])));
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(piece("g1", GROUP_THERAPY, start, end)), NEW_YORK);
        assertThat(minutesByDate(days)).isEqualTo(want);
        assertThat(days).allSatisfy(d -> assertThat(d.distinctServices()).isEqualTo(1));
    }

    @Test
    void breaks_do_not_count_and_a_day_of_only_breaks_is_no_day() {
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(
                piece("g1", GROUP_THERAPY, "2026-03-10T09:00-04:00", "2026-03-10T10:30-04:00"),
                piece("b1", BREAK, "2026-03-10T10:30-04:00", "2026-03-10T10:45-04:00"),
                piece("i1", INDIVIDUAL_THERAPY, "2026-03-10T10:45-04:00", "2026-03-10T12:15-04:00"),
                piece("b2", BREAK, "2026-03-11T09:00-04:00", "2026-03-11T12:00-04:00")), NEW_YORK);
        assertThat(days).hasSize(1);
        ServiceDay day = days.get(0);
        assertThat(day.date()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(day.countableMinutes()).isEqualTo(180);
        assertThat(day.services()).extracting(ServiceDay.Service::serviceId).containsExactly("g1", "i1");
    }

    @Test
    void a_break_inside_a_session_is_time_not_attended() {
        // 2 h 50 of therapy around a 15 min break: a 3 h 05 span that must not reach 3 h.
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(
                piece("g1", GROUP_THERAPY, "2026-03-10T09:00-04:00", "2026-03-10T10:30-04:00"),
                piece("b1", BREAK, "2026-03-10T10:30-04:00", "2026-03-10T10:45-04:00"),
                piece("g1", GROUP_THERAPY, "2026-03-10T10:45-04:00", "2026-03-10T12:05-04:00")), NEW_YORK);
        assertThat(days.get(0).countableMinutes()).isEqualTo(170);
        assertThat(days.get(0).services()).containsExactly(new ServiceDay.Service("g1", GROUP_THERAPY, 170, 0));
    }

    @Test
    void overlapping_sessions_count_their_time_once_and_each_service_once() {
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(
                piece("g1", GROUP_THERAPY, "2026-03-10T09:00-04:00", "2026-03-10T11:00-04:00"),
                piece("i1", INDIVIDUAL_THERAPY, "2026-03-10T10:30-04:00", "2026-03-10T11:30-04:00")), NEW_YORK);
        assertThat(days.get(0).countableMinutes()).isEqualTo(150);
        assertThat(days.get(0).services()).containsExactly(
                new ServiceDay.Service("g1", GROUP_THERAPY, 120, 0),
                new ServiceDay.Service("i1", INDIVIDUAL_THERAPY, 60, 0));
    }

    @Test
    void telehealth_minutes_and_share() {
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(
                piece("g1", GROUP_THERAPY, "2026-03-10T09:00-04:00", "2026-03-10T11:00-04:00", false),
                piece("p1", PSYCHOEDUCATION, "2026-03-10T11:00-04:00", "2026-03-10T12:00-04:00", true)), NEW_YORK);
        ServiceDay day = days.get(0);
        assertThat(day.countableMinutes()).isEqualTo(180);
        assertThat(day.telehealthMinutes()).isEqualTo(60);
        assertThat(day.telehealthShare()).isEqualTo(60.0 / 180);
        assertThat(day.allTelehealth()).isFalse();
        assertThat(day.services()).containsExactly(
                new ServiceDay.Service("g1", GROUP_THERAPY, 120, 0),
                new ServiceDay.Service("p1", PSYCHOEDUCATION, 60, 60));
    }

    @Test
    void the_track_zone_decides_the_date() {
        // 23:00-01:00 in New York is 03:00-05:00 UTC on the 11th.
        AttendedService late = piece("g1", GROUP_THERAPY, "2026-03-10T23:00-04:00", "2026-03-11T01:00-04:00");
        assertThat(minutesByDate(ServiceMinutes.byDay(List.of(late), NEW_YORK)))
                .isEqualTo(Map.of(LocalDate.of(2026, 3, 10), 60, LocalDate.of(2026, 3, 11), 60));
        assertThat(minutesByDate(ServiceMinutes.byDay(List.of(late), ZoneOffset.UTC)))
                .isEqualTo(Map.of(LocalDate.of(2026, 3, 11), 120));
    }

    @Test
    void days_are_per_patient_in_patient_then_date_order() {
        List<ServiceDay> days = ServiceMinutes.byDay(List.of(
                new AttendedService("p2", "g1", GROUP_THERAPY, at("2026-03-10T09:00-04:00"),
                        at("2026-03-10T10:00-04:00"), false),
                new AttendedService("p1", "g2", GROUP_THERAPY, at("2026-03-11T09:00-04:00"),
                        at("2026-03-11T09:30-04:00"), false),
                new AttendedService("p1", "g1", GROUP_THERAPY, at("2026-03-10T09:00-04:00"),
                        at("2026-03-10T09:45-04:00"), false)), NEW_YORK);
        assertThat(days).extracting(d -> d.patientId() + " " + d.date() + " " + d.countableMinutes())
                .containsExactly("p1 2026-03-10 45", "p1 2026-03-11 30", "p2 2026-03-10 60");
    }

    @Test
    void a_zero_length_piece_adds_nothing() {
        assertThat(ServiceMinutes.byDay(List.of(piece("g1", GROUP_THERAPY, "2026-03-10T09:00-04:00",
                "2026-03-10T09:00-04:00")), NEW_YORK)).isEmpty();
    }

    @Test
    void a_piece_ending_before_it_starts_is_refused() {
        assertThatThrownBy(() -> piece("g1", GROUP_THERAPY, "2026-03-10T10:00-04:00", "2026-03-10T09:00-04:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attended service g1 ends (2026-03-10T13:00:00Z) before it starts (2026-03-10T14:00:00Z)");
    }
}
