package care.iop.medication.screen;

import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Collection times, the entries a panel needs, and which positives are unexpected (fixed instants, no clock). */
class ScreenResultsTest {

    static final Instant ORDERED = Instant.parse("2031-03-09T10:00:00Z");
    static final Instant NOW = Instant.parse("2031-03-10T10:00:00Z");

    @ParameterizedTest(name = "collected at {0} -> {1}")
    @CsvSource(textBlock = """
            2031-03-09T10:00:00Z, true
            2031-03-08T10:00:00Z, true
            2031-03-08T09:59:59Z, false
            2031-03-10T10:05:00Z, true
            2031-03-10T10:05:01Z, false
            """)
    void a_specimen_is_collected_from_a_day_before_the_order_until_a_few_minutes_from_now(String at, boolean ok) {
        assertThat(ScreenResults.collectionTimeAllowed(ORDERED, Instant.parse(at), NOW)).isEqualTo(ok);
    }

    static List<ScreenResults.Entry> entries(String codes) {
        return Arrays.stream(codes.split(" ")).map(c -> new ScreenResults.Entry(c, ScreenResult.NEGATIVE)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            'every panel substance once',  BUP OPI THC, -,                         -
            'any order',                   THC BUP OPI, -,                         -
            'off the panel',               BUP COC,     results[1].substanceCode,  is not on this screen's panel
            'twice',                       BUP BUP,     results[1].substanceCode,  appears twice
            'one missing',                 BUP THC,     results,                   'every panel substance needs a result; missing: OPI'
            """)
    void each_panel_substance_needs_exactly_one_result(String name, String codes, String field, String message) {
        assertThat(ScreenResults.check(List.of("BUP", "OPI", "THC"), entries(codes)).orElse(null))
                .isEqualTo(field == null ? null : new ScreenResults.Violation(field, message));
    }

    @Test
    void a_positive_is_expected_only_when_the_medications_explain_it() {
        List<SubstanceResult> judged = ScreenResults.judge(List.of(
                new ScreenResults.Entry("BUP", ScreenResult.POSITIVE), new ScreenResults.Entry("OPI", ScreenResult.NEGATIVE),
                new ScreenResults.Entry("BZO", ScreenResult.POSITIVE)), Set.of("BUP"));
        assertThat(judged).containsExactly(new SubstanceResult("BUP", ScreenResult.POSITIVE, true),
                new SubstanceResult("OPI", ScreenResult.NEGATIVE, true),
                new SubstanceResult("BZO", ScreenResult.POSITIVE, false));
        assertThat(ScreenResults.unexpectedPositive(judged)).isTrue();
        assertThat(ScreenResults.unexpectedPositive(judged.subList(0, 2))).isFalse();
    }
}
