package care.iop.intake.assessment;

import care.iop.events.LevelOfCare;
import care.iop.events.intake.AsamDimensions;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rows cite the rule table (level-of-care-rules-v1.json, version 2026.1) and docs/clinical-reference.md "Levels of care"
 * (six dimensions rated 0–4, ASAM level numbering).
 */
class LevelOfCareRulesTest {

    static final LevelOfCareRules RULES = LevelOfCareRules.load();

    static AsamDimensions dims(String spaced) {
        int[] r = Arrays.stream(spaced.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        return new AsamDimensions(r[0], r[1], r[2], r[3], r[4], r[5]);
    }

    static LevelOfCare level(String value) {
        return Arrays.stream(LevelOfCare.values()).filter(l -> l.value().equals(value)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}: d1–d6 {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            LOC-D1-SEVERE fires                       | 4 0 0 0 0 0 | 4   | LOC-D1-SEVERE LOC-D1-HIGH LOC-MODERATE-NEED
            LOC-D2-SEVERE fires                       | 0 4 0 0 0 0 | 4   | LOC-D2-SEVERE LOC-D2-HIGH LOC-MODERATE-NEED
            LOC-D3-SEVERE fires                       | 0 0 4 0 0 0 | 4   | LOC-D3-SEVERE LOC-D3-HIGH LOC-MODERATE-NEED
            LOC-D1-HIGH fires                         | 3 0 0 0 0 0 | 3.7 | LOC-D1-HIGH LOC-MODERATE-NEED
            LOC-D2-HIGH fires                         | 0 3 0 0 0 0 | 3.7 | LOC-D2-HIGH LOC-MODERATE-NEED
            LOC-D3-HIGH fires                         | 0 0 3 0 0 0 | 3.5 | LOC-D3-HIGH LOC-MODERATE-NEED
            LOC-D5-SEVERE fires                       | 0 0 0 0 4 0 | 3.5 | LOC-D5-SEVERE LOC-MODERATE-NEED
            LOC-D5-D6-SEVERE fires                    | 0 0 0 0 3 4 | 3.5 | LOC-D5-D6-SEVERE LOC-D6-SEVERE LOC-D5-D6-HIGH LOC-MODERATE-NEED
            LOC-D6-SEVERE fires                       | 0 0 0 0 0 4 | 3.1 | LOC-D6-SEVERE LOC-MODERATE-NEED
            LOC-D5-D6-SEVERE just off (d5 = 2)        | 0 0 0 0 2 4 | 3.1 | LOC-D6-SEVERE LOC-MODERATE-NEED
            LOC-D5-D6-HIGH fires                      | 0 0 0 0 3 3 | 2.5 | LOC-D5-D6-HIGH LOC-MODERATE-NEED
            LOC-D5-D6-HIGH just off (d6 = 2)          | 0 0 0 0 3 2 | 2.1 | LOC-MODERATE-NEED
            LOC-D5-D6-HIGH just off (d5 = 2)          | 0 0 0 0 2 3 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED via d1                  | 2 0 0 0 0 0 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED via d2                  | 0 2 0 0 0 0 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED via d3                  | 0 0 2 0 0 0 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED via d5                  | 0 0 0 0 2 0 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED via d6                  | 0 0 0 0 0 2 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED, all rated 2            | 2 2 2 2 2 2 | 2.1 | LOC-MODERATE-NEED
            LOC-MODERATE-NEED (intake journey case)   | 1 0 2 1 2 1 | 2.1 | LOC-MODERATE-NEED
            LOC-READINESS-ONLY fires (d4 = 2)         | 0 0 0 2 0 0 | 1   | LOC-READINESS-ONLY
            LOC-READINESS-ONLY fires (d4 = 4)         | 1 1 1 4 1 1 | 1   | LOC-READINESS-ONLY
            LOC-READINESS-ONLY just off (d5 = 2)      | 0 0 0 4 2 0 | 2.1 | LOC-MODERATE-NEED
            LOC-MILD-NEED fires (d1 = 1)              | 1 0 0 0 0 0 | 1   | LOC-MILD-NEED
            LOC-MILD-NEED fires (d4 = 1)              | 0 0 0 1 0 0 | 1   | LOC-MILD-NEED
            LOC-MILD-NEED fires (all rated 1)         | 1 1 1 1 1 1 | 1   | LOC-MILD-NEED
            LOC-NO-NEED fires (all rated 0)           | 0 0 0 0 0 0 | 0.5 | LOC-NO-NEED
            """)
    void eachRuleFires(String ref, String ratings, String level, String fired) {
        LevelOfCareRules.Recommendation r = RULES.recommend(dims(ratings));
        assertThat(r.level()).isEqualTo(level(level));
        assertThat(r.firedRules()).containsExactly(fired.split(" "));
        assertThat(r.rulesVersion()).isEqualTo("2026.1");
    }

    @ParameterizedTest(name = "max wins: {0}: d1–d6 {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            4 beats 3.7, 3.5, 3.1, 2.5, 2.1           | 4 3 3 4 4 4 | 4   | LOC-D1-SEVERE LOC-D1-HIGH LOC-D2-HIGH LOC-D3-HIGH LOC-D5-SEVERE LOC-D5-D6-SEVERE LOC-D6-SEVERE LOC-D5-D6-HIGH LOC-MODERATE-NEED
            every upward rule fires                   | 4 4 4 4 4 4 | 4   | LOC-D1-SEVERE LOC-D2-SEVERE LOC-D3-SEVERE LOC-D1-HIGH LOC-D2-HIGH LOC-D3-HIGH LOC-D5-SEVERE LOC-D5-D6-SEVERE LOC-D6-SEVERE LOC-D5-D6-HIGH LOC-MODERATE-NEED
            3.7 beats 3.5 and 3.1                     | 3 0 3 0 0 4 | 3.7 | LOC-D1-HIGH LOC-D3-HIGH LOC-D6-SEVERE LOC-MODERATE-NEED
            3.5 beats 3.1 and 2.5                     | 0 0 3 0 3 4 | 3.5 | LOC-D3-HIGH LOC-D5-D6-SEVERE LOC-D6-SEVERE LOC-D5-D6-HIGH LOC-MODERATE-NEED
            3.1 beats 2.1                             | 2 2 2 0 2 4 | 3.1 | LOC-D6-SEVERE LOC-MODERATE-NEED
            2.5 beats 2.1; readiness does not lower   | 2 0 0 4 3 3 | 2.5 | LOC-D5-D6-HIGH LOC-MODERATE-NEED
            """)
    void highestFiredLevelWins(String ref, String ratings, String level, String fired) {
        LevelOfCareRules.Recommendation r = RULES.recommend(dims(ratings));
        assertThat(r.level()).isEqualTo(level(level));
        assertThat(r.firedRules()).containsExactly(fired.split(" "));
    }

    @Test
    void tableVersion() {
        assertThat(RULES.version()).isEqualTo("2026.1");
    }

    @Test
    void everyCombinationGetsOneLevelAndRaisingARatingNeverLowersIt() {
        Set<LevelOfCare> reached = EnumSet.noneOf(LevelOfCare.class);
        for (int n = 0; n < 15625; n++) {
            int[] r = new int[6];
            for (int i = 0, rest = n; i < 6; i++, rest /= 5) {
                r[i] = rest % 5;
            }
            LevelOfCare level = recommend(r);
            reached.add(level);
            for (int i = 0; i < 6; i++) {
                if (r[i] < 4) {
                    int[] higher = r.clone();
                    higher[i]++;
                    assertThat(LevelOfCareRules.BY_INTENSITY.compare(recommend(higher), level))
                            .as("raising dimension %d of %s", i + 1, Arrays.toString(r)).isGreaterThanOrEqualTo(0);
                }
            }
        }
        // 3.3 (population-specific residential) is a clinician's choice, never recommended from ratings alone.
        assertThat(reached).isEqualTo(EnumSet.complementOf(EnumSet.of(LevelOfCare.LEVEL_3_3)));
    }

    private static LevelOfCare recommend(int[] r) {
        return RULES.recommend(new AsamDimensions(r[0], r[1], r[2], r[3], r[4], r[5])).level();
    }

    @ParameterizedTest(name = "ratings {0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -1 0 0 0 0 0 | dimension 1 rating must be between 0 and 4
            0 5 0 0 0 0  | dimension 2 rating must be between 0 and 4
            0 0 -1 0 0 0 | dimension 3 rating must be between 0 and 4
            0 0 0 5 0 0  | dimension 4 rating must be between 0 and 4
            0 0 0 0 9 0  | dimension 5 rating must be between 0 and 4
            0 0 0 0 0 -3 | dimension 6 rating must be between 0 and 4
            """)
    void invalidRatings(String ratings, String message) {
        assertThatThrownBy(() -> RULES.recommend(dims(ratings)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "level {0} -> refer out {1}")
    @CsvSource({
            "0.5, false", "1, false", "2.1, false", "2.5, false",   // "above 2.5 means the patient is referred out"
            "3.1, true", "3.3, true", "3.5, true", "3.7, true", "4, true",
    })
    void referOutAbove25(String level, boolean referOut) {
        assertThat(LevelOfCareRules.isReferOut(level(level))).isEqualTo(referOut);
    }

    @Test
    void intensityOrderFollowsAsamNumbering() {
        assertThat(Arrays.stream(LevelOfCare.values()).sorted(LevelOfCareRules.BY_INTENSITY).map(LevelOfCare::value))
                .containsExactly("0.5", "1", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "4");
    }

    // --- table checks on load ------------------------------------------------------------------------------------

    static LevelOfCareRules parse(String rules) throws Exception {
        String json = "{\"version\": \"t\", \"rules\": [" + rules + "]}";
        return LevelOfCareRules.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static final String CATCH_ALL = """
            {"id": "ALL", "description": "d", "conditions": [{"anyOf": [1, 2, 3, 4, 5, 6], "min": 0}], "recommends": "1"}""";

    @ParameterizedTest(name = "refused table: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"id": "X", "description": "d", "conditions": [{"dimension": 1, "min": 2}], "recommends": "2.2"} | rule X recommends an unknown level
            {"id": "X", "description": "d", "conditions": [{"dimension": 7, "min": 2}], "recommends": "2.1"} | rule X: dimensions must be 1 to 6
            {"id": "X", "description": "d", "conditions": [{"dimension": 1, "anyOf": [2], "min": 2}], "recommends": "2.1"} | rule X: a condition needs exactly one of dimension, anyOf, allOf
            {"id": "X", "description": "d", "conditions": [{"dimension": 1}], "recommends": "2.1"} | rule X: a condition needs min or max
            {"id": "X", "description": "d", "conditions": [{"dimension": 1, "min": 3, "max": 2}], "recommends": "2.1"} | rule X: min exceeds max
            {"id": "X", "description": "d", "conditions": [{"dimension": 1, "min": 5}], "recommends": "2.1"} | rule X: min must be 0 to 4
            {"id": "X", "description": "d", "conditions": [], "recommends": "2.1"} | rule X has no conditions
            {"id": "ALL", "description": "d", "conditions": [{"dimension": 1, "min": 2}], "recommends": "2.1"} | rule id ALL is repeated
            """)
    void malformedTablesAreRefused(String rule, String problem) {
        assertThatThrownBy(() -> parse(CATCH_ALL + ", " + rule))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid level-of-care rule table: " + problem);
    }

    @Test
    void tableWithAGapIsRefused() {
        assertThatThrownBy(() -> parse("""
                {"id": "ZERO", "description": "d", "conditions": [{"allOf": [1, 2, 3, 4, 5, 6], "max": 0}], "recommends": "0.5"}"""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid level-of-care rule table: no rule fires for ratings [1, 0, 0, 0, 0, 0]");
    }

    @Test
    void misspeltKeyIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> parse("""
                {"id": "X", "description": "d", "conditions": [{"dimension": 1, "mn": 2}], "recommends": "2.1"}"""))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void wellFormedMinimalTableLoads() throws Exception {
        LevelOfCareRules rules = parse(CATCH_ALL);
        assertThat(rules.recommend(dims("4 4 4 4 4 4")).firedRules()).isEqualTo(List.of("ALL"));
    }
}
