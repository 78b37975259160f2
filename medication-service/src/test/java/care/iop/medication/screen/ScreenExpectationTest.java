package care.iop.medication.screen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected drug-screen positives follow the order's clinical dates. Days are relative to an arbitrary day 0 (a fixed
 * date: nothing here depends on today); the time an order row was written is not an input at all.
 */
class ScreenExpectationTest {

    static final LocalDate DAY_0 = LocalDate.of(2031, 3, 9);

    static LocalDate day(Integer offset) {
        return offset == null ? null : DAY_0.plusDays(offset);
    }

    @ParameterizedTest(name = "{0}: start {1}, end {2}, discontinued {3}, collected {4} -> expected {5}")
    @CsvSource({
            // The reported case: started day -3 (entered on day 0), specimen of day -2.
            "'collected after start (order entered later)',     -3,    ,    , -2, true",
            "'collected on the start date',                     -3,    ,    , -3, true",
            "'collected the day before the start date',         -3,    ,    , -4, false",
            "'open-ended course, long after start',           -300,    ,    ,  0, true",
            "'on the end date',                                -10,  -5,    , -5, true",
            "'washout: 7 days after the end date',             -10,  -5,    ,  2, true",
            "'8 days after the end date',                      -10,  -5,    ,  3, false",
            "'before discontinuation effective date',          -20,    , -10,-12, true",
            "'washout: 7 days after discontinuation',          -20,    , -10, -3, true",
            "'8 days after discontinuation effective date',    -20,    , -10, -2, false",
            "'discontinued before its end date: earlier wins', -20,  10, -10, -2, false",
            "'ended before its discontinuation: earlier wins', -20, -10,   0, -2, false",
            "'discontinued before it started: never taken',      5,    ,   0,  6, false",
    })
    void inForceOnClinicalDates(String ref, int start, Integer end, Integer discontinued, int collected,
                                boolean expected) {
        var course = new ScreenExpectation.Course(Set.of("BUP"), day(start), day(end), day(discontinued));
        assertThat(course.explains(day(collected))).isEqualTo(expected);
        assertThat(ScreenExpectation.explained(List.of(course), day(collected)))
                .isEqualTo(expected ? Set.of("BUP") : Set.of());
    }

    @Test
    void every_course_in_force_contributes_its_substances() {
        var buprenorphine = new ScreenExpectation.Course(Set.of("BUP"), day(-3), null, null);
        var methadone = new ScreenExpectation.Course(Set.of("MTD"), day(-60), null, day(-30));
        var clonazepam = new ScreenExpectation.Course(Set.of("BZO"), day(-1), null, null);
        assertThat(ScreenExpectation.explained(List.of(buprenorphine, methadone, clonazepam), day(-2)))
                .containsExactly("BUP");
        assertThat(ScreenExpectation.explained(List.of(buprenorphine, methadone, clonazepam), day(0)))
                .containsExactlyInAnyOrder("BUP", "BZO");
        assertThat(ScreenExpectation.explained(List.of(), day(0))).isEmpty();
    }
}
