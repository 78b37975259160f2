package care.iop.intake.screening;

import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.InvalidAnswersException.Violation;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static care.iop.events.intake.ScreeningInstrument.AUDIT;
import static care.iop.events.intake.ScreeningInstrument.C_SSRS;
import static care.iop.events.intake.ScreeningInstrument.DAST_10;
import static care.iop.events.intake.ScreeningInstrument.GAD_7;
import static care.iop.events.intake.ScreeningInstrument.PHQ_9;
import static care.iop.intake.screening.CssrsRecency.OVER_3_MONTHS;
import static care.iop.intake.screening.CssrsRecency.WITHIN_3_MONTHS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every row cites the docs/clinical-reference.md "Screening instruments" cell it checks. */
class ScreeningScorerTest {

    /** "0 1 2" -> [0, 1, 2]; "-" -> empty list. */
    static List<Integer> answers(String spaced) {
        String s = spaced.trim();
        return s.equals("-") ? List.of() : Arrays.stream(s.split("\\s+")).map(Integer::valueOf).toList();
    }

    static ScreeningResult score(ScreeningInstrument instrument, String spaced) {
        return ScreeningScorer.score(instrument, answers(spaced), null);
    }

    static List<Violation> violations(ScreeningInstrument instrument, List<Integer> answers, CssrsRecency recency) {
        try {
            ScreeningScorer.score(instrument, answers, recency);
        } catch (InvalidAnswersException e) {
            return e.violations();
        }
        throw new AssertionError("expected InvalidAnswersException");
    }

    // --- bands ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource({
            "'PHQ-9 0–4 minimal (low edge)',            '0 0 0 0 0 0 0 0 0',  0, minimal",
            "'PHQ-9 0–4 minimal (high edge)',           '3 1 0 0 0 0 0 0 0',  4, minimal",
            "'PHQ-9 5–9 mild (low edge)',               '3 2 0 0 0 0 0 0 0',  5, mild",
            "'PHQ-9 5–9 mild (high edge)',              '3 3 3 0 0 0 0 0 0',  9, mild",
            "'PHQ-9 10–14 moderate (low edge)',         '3 3 3 1 0 0 0 0 0', 10, moderate",
            "'PHQ-9 10–14 moderate (high edge)',        '3 3 3 3 2 0 0 0 0', 14, moderate",
            "'PHQ-9 15–19 moderately severe (low)',     '3 3 3 3 3 0 0 0 0', 15, moderately-severe",
            "'PHQ-9 15–19 moderately severe (high)',    '3 3 3 3 3 3 1 0 0', 19, moderately-severe",
            "'PHQ-9 20–27 severe (low edge)',           '3 3 3 3 3 3 2 0 0', 20, severe",
            "'PHQ-9 20–27 severe (high edge, max)',     '3 3 3 3 3 3 3 3 3', 27, severe",
    })
    void phq9Bands(String ref, String answers, int total, String band) {
        ScreeningResult r = score(PHQ_9, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.band()).isEqualTo(band);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource({
            "'GAD-7 0–4 minimal (low edge)',     '0 0 0 0 0 0 0',  0, minimal",
            "'GAD-7 0–4 minimal (high edge)',    '2 2 0 0 0 0 0',  4, minimal",
            "'GAD-7 5–9 mild (low edge)',        '3 2 0 0 0 0 0',  5, mild",
            "'GAD-7 5–9 mild (high edge)',       '3 3 3 0 0 0 0',  9, mild",
            "'GAD-7 10–14 moderate (low edge)',  '3 3 3 1 0 0 0', 10, moderate",
            "'GAD-7 10–14 moderate (high edge)', '3 3 3 3 2 0 0', 14, moderate",
            "'GAD-7 15–21 severe (low edge)',    '3 3 3 3 3 0 0', 15, severe",
            "'GAD-7 15–21 severe (high edge)',   '3 3 3 3 3 3 3', 21, severe",
    })
    void gad7Bands(String ref, String answers, int total, String band) {
        ScreeningResult r = score(GAD_7, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.band()).isEqualTo(band);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource({
            "'AUDIT zone I 0–7 (low edge)',    '0 0 0 0 0 0 0 0 0 0',  0, zone-i",
            "'AUDIT zone I 0–7 (high edge)',   '4 3 0 0 0 0 0 0 0 0',  7, zone-i",
            "'AUDIT zone II 8–15 (low edge)',  '4 4 0 0 0 0 0 0 0 0',  8, zone-ii",
            "'AUDIT zone II 8–15 (high edge)', '4 4 3 0 0 0 0 0 0 4', 15, zone-ii",
            "'AUDIT zone III 16–19 (low)',     '4 4 4 0 0 0 0 0 2 2', 16, zone-iii",
            "'AUDIT zone III 16–19 (high)',    '4 4 4 3 0 0 0 0 4 0', 19, zone-iii",
            "'AUDIT zone IV 20–40 (low edge)', '4 4 4 4 0 0 0 0 2 2', 20, zone-iv",
            "'AUDIT zone IV 20–40 (max)',      '4 4 4 4 4 4 4 4 4 4', 40, zone-iv",
    })
    void auditZones(String ref, String answers, int total, String band) {
        ScreeningResult r = score(AUDIT, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.band()).isEqualTo(band);
        assertThat(r.flags()).isEmpty();
    }

    // DAST-10 answers are 0 = no, 1 = yes; item 3 (third) counts when answered "no".
    @ParameterizedTest(name = "{0}: {1} -> {2} {3}")
    @CsvSource({
            "'DAST-10 0 none',                    '0 0 1 0 0 0 0 0 0 0',  0, none",
            "'DAST-10 1–2 low (low edge)',        '0 0 0 0 0 0 0 0 0 0',  1, low",
            "'DAST-10 1–2 low (high edge)',       '1 0 0 0 0 0 0 0 0 0',  2, low",
            "'DAST-10 3–5 moderate (low edge)',   '1 1 0 0 0 0 0 0 0 0',  3, moderate",
            "'DAST-10 3–5 moderate (high edge)',  '1 1 1 1 1 1 0 0 0 0',  5, moderate",
            "'DAST-10 6–8 substantial (low)',     '1 1 1 1 1 1 1 0 0 0',  6, substantial",
            "'DAST-10 6–8 substantial (high)',    '1 1 1 1 1 1 1 1 1 0',  8, substantial",
            "'DAST-10 9–10 severe (low edge)',    '1 1 1 1 1 1 1 1 1 1',  9, severe",
            "'DAST-10 9–10 severe (max)',         '1 1 0 1 1 1 1 1 1 1', 10, severe",
    })
    void dast10Bands(String ref, String answers, int total, String band) {
        ScreeningResult r = score(DAST_10, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.band()).isEqualTo(band);
        assertThat(r.flags()).isEmpty();
    }

    @ParameterizedTest(name = "DAST-10 item 3 is reverse-scored: {0} -> {1}")
    @CsvSource({
            "'0 0 0 0 0 0 0 0 0 0', 1",   // "no" to item 3 scores 1
            "'0 0 1 0 0 0 0 0 0 0', 0",   // "yes" to item 3 scores 0
            "'1 0 0 0 0 0 0 0 0 0', 2",
            "'1 0 1 0 0 0 0 0 0 0', 1",
    })
    void dast10Item3Reversed(String answers, int total) {
        assertThat(score(DAST_10, answers).total()).isEqualTo(total);
    }

    // --- flags ---------------------------------------------------------------------------------------------------

    // Row: PHQ-9 flags, "item 9 > 0: suicide-risk follow-up required — a same-day clinician review (e.g. a C-SSRS or a
    // safety plan), acknowledged with the action taken, like a C-SSRS high result".
    @ParameterizedTest(name = "PHQ-9 'item 9 > 0': {0} (total {1}, {2}) -> follow-up and acknowledgement {3}")
    @CsvSource({
            "'0 0 0 0 0 0 0 0 0',  0, minimal,           false",   // item 9 = 0
            "'3 3 3 3 3 3 3 3 0', 24, severe,            false",   // just off: item 9 = 0, even at 24 (severe)
            "'0 0 0 0 0 0 0 0 1',  1, minimal,           true",    // just on: item 9 = 1, total 1 (minimal)
            "'0 0 0 0 0 0 0 0 2',  2, minimal,           true",    // item 9 = 2
            "'0 0 0 0 0 0 0 0 3',  3, minimal,           true",    // item 9 = 3, total still minimal
            "'1 1 0 0 0 0 0 0 1',  3, minimal,           true",    // total low, item 9 positive
            "'1 1 1 1 0 0 0 0 1',  5, mild,              true",    // mild total, item 9 positive
            "'3 3 3 3 3 3 3 3 3', 27, severe,            true",
    })
    void phq9Item9NeedsAcknowledgedFollowUp(String answers, int total, String band, boolean positive) {
        ScreeningResult r = score(PHQ_9, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.band()).isEqualTo(band);
        assertThat(r.flags()).isEqualTo(positive
                ? List.of(ScreeningScorer.SUICIDE_RISK_FOLLOW_UP, ScreeningScorer.SAFETY_ACTION_REQUIRED) : List.of());
        // The same acknowledgement as a C-SSRS high result: the same flag, the same worklist.
        assertThat(r.requiresAcknowledgement()).isEqualTo(positive);
    }

    @ParameterizedTest(name = "PHQ-9 items 1-8 never need acknowledgement on their own: item {0} = 3")
    @CsvSource({"0", "1", "2", "3", "4", "5", "6", "7"})
    void phq9OtherItemsDoNotNeedAcknowledgement(int item) {
        List<Integer> answers = new ArrayList<>(Collections.nCopies(9, 0));
        answers.set(item, 3);
        ScreeningResult r = ScreeningScorer.score(PHQ_9, answers, null);
        assertThat(r.flags()).isEmpty();
        assertThat(r.requiresAcknowledgement()).isFalse();
    }

    @ParameterizedTest(name = "GAD-7 flag '>= 10': total {1} -> flagged {2}")
    @CsvSource({
            "'3 3 3 0 0 0 0',  9, false",
            "'3 3 3 1 0 0 0', 10, true",
            "'3 3 3 3 3 3 3', 21, true",
    })
    void gad7FurtherEvaluationFlag(String answers, int total, boolean flagged) {
        ScreeningResult r = score(GAD_7, answers);
        assertThat(r.total()).isEqualTo(total);
        assertThat(r.flags()).isEqualTo(flagged ? List.of(ScreeningScorer.FURTHER_EVALUATION) : List.of());
    }

    // --- C-SSRS --------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} recency {2} -> {4}")
    @CsvSource({
            "'C-SSRS all no',                        '0 0 0 0 0 0',  , 0, none,     ''",
            "'C-SSRS low: Q1 only',                  '1 0 0 0 0 0',  , 1, low,      ''",
            "'C-SSRS low: Q2 only',                  '0 1 0 0 0 0',  , 1, low,      ''",
            "'C-SSRS low: Q1 and Q2',                '1 1 0 0 0 0',  , 2, low,      ''",
            "'C-SSRS moderate: Q3',                  '1 1 1 0 0 0',  , 3, moderate, suicide-risk-follow-up",
            "'C-SSRS moderate: Q6 > 3 months',       '0 0 0 0 0 1', OVER_3_MONTHS, 1, moderate, suicide-risk-follow-up",
            "'C-SSRS moderate: Q3 and Q6 > 3 months','1 1 1 0 0 1', OVER_3_MONTHS, 4, moderate, suicide-risk-follow-up",
            "'C-SSRS high: Q4',                      '1 1 1 1 0 0',  , 4, high,     safety-action-required",
            "'C-SSRS high: Q5',                      '1 1 1 0 1 0',  , 4, high,     safety-action-required",
            "'C-SSRS high: Q6 within 3 months',      '0 0 0 0 0 1', WITHIN_3_MONTHS, 1, high, safety-action-required",
            "'C-SSRS high: Q1 and Q6 within 3 months','1 0 0 0 0 1', WITHIN_3_MONTHS, 2, high, safety-action-required",
            "'C-SSRS high: Q4 with Q6 > 3 months',   '1 1 1 1 0 1', OVER_3_MONTHS, 5, high, safety-action-required",
            "'C-SSRS high: all yes, within 3 months','1 1 1 1 1 1', WITHIN_3_MONTHS, 6, high, safety-action-required",
            "'C-SSRS skip logic: Q2 no, Q4 yes kept','1 0 0 1 0 0',  , 2, high,     safety-action-required",
    })
    void cssrsBands(String ref, String answers, CssrsRecency recency, int yesCount, String band, String flag) {
        ScreeningResult r = ScreeningScorer.score(C_SSRS, answers(answers), recency);
        assertThat(r.total()).isEqualTo(yesCount);
        assertThat(r.band()).isEqualTo(band);
        assertThat(r.flags()).isEqualTo(flag.isEmpty() ? List.of() : List.of(flag));
        assertThat(r.requiresAcknowledgement()).isEqualTo(band.equals("high"));
        assertThat(r.loinc()).isNull();
    }

    @Test
    void cssrsRecencyWireNames() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(WITHIN_3_MONTHS)).isEqualTo("\"within-3-months\"");
        assertThat(json.writeValueAsString(OVER_3_MONTHS)).isEqualTo("\"over-3-months\"");
        assertThat(json.readValue("\"over-3-months\"", CssrsRecency.class)).isEqualTo(OVER_3_MONTHS);
    }

    // --- LOINC and baseline --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "LOINC of {0} total: {2}")
    @CsvSource({
            "PHQ_9,   '0 0 0 0 0 0 0 0 0',   44261-6",
            "GAD_7,   '0 0 0 0 0 0 0',       70274-6",
            "AUDIT,   '0 0 0 0 0 0 0 0 0 0', 75624-7",   // "check" resolved: 75626-2 is the AUDIT-C total
            "DAST_10, '0 0 0 0 0 0 0 0 0 0', 82667-7",
    })
    void loincOfTotal(ScreeningInstrument instrument, String answers, String loinc) {
        assertThat(score(instrument, answers).loinc()).isEqualTo(loinc);
        assertThat(ScreeningScorer.loinc(instrument)).isEqualTo(loinc);
    }

    @ParameterizedTest(name = "change from baseline {0} to {1} = {2}")
    @CsvSource({"18, 9, -9", "9, 18, 9", "5, 5, 0"})
    void changeFromBaseline(int baseline, int total, int change) {
        assertThat(ScreeningScorer.changeFromBaseline(baseline, total)).isEqualTo(change);
    }

    // --- invalid input -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} AUDIT item {1} = {2} -> valid {3}")
    @CsvSource({
            "'AUDIT items 9–10: 0, 2 or 4', 9, 0, true",
            "'AUDIT items 9–10: 0, 2 or 4', 9, 1, false",
            "'AUDIT items 9–10: 0, 2 or 4', 9, 2, true",
            "'AUDIT items 9–10: 0, 2 or 4', 9, 3, false",
            "'AUDIT items 9–10: 0, 2 or 4', 9, 4, true",
            "'AUDIT items 9–10: 0, 2 or 4', 10, 0, true",
            "'AUDIT items 9–10: 0, 2 or 4', 10, 1, false",
            "'AUDIT items 9–10: 0, 2 or 4', 10, 2, true",
            "'AUDIT items 9–10: 0, 2 or 4', 10, 3, false",
            "'AUDIT items 9–10: 0, 2 or 4', 10, 4, true",
            "'AUDIT items 1–8: 0–4',        1, 1, true",
            "'AUDIT items 1–8: 0–4',        8, 3, true",
            "'AUDIT items 1–8: 0–4',        8, 5, false",
    })
    void auditItemValues(String ref, int item, int value, boolean valid) {
        List<Integer> answers = new ArrayList<>(answers("0 0 0 0 0 0 0 0 0 0"));
        answers.set(item - 1, value);
        if (valid) {
            assertThat(ScreeningScorer.score(AUDIT, answers, null).total()).isEqualTo(value);
        } else {
            Violation expected = new Violation("answers[" + (item - 1) + "]",
                    item >= 9 ? "must be 0, 2 or 4" : "must be 0, 1, 2, 3 or 4");
            assertThat(violations(AUDIT, answers, null)).containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "{0}: {1} answers -> '{2}'")
    @CsvSource({
            "PHQ_9,   '0 0 0 0 0 0 0 0',         must have exactly 9 answers for PHQ-9",
            "PHQ_9,   '0 0 0 0 0 0 0 0 0 0',     must have exactly 9 answers for PHQ-9",
            "GAD_7,   '0 0 0 0 0 0 0 0 0',       must have exactly 7 answers for GAD-7",
            "AUDIT,   '0 0 0 0 0 0 0 0 0',       must have exactly 10 answers for AUDIT",
            "DAST_10, '0 0 0 0 0 0 0 0 0 0 0',   must have exactly 10 answers for DAST-10",
            "C_SSRS,  '0 0 0 0 0',               must have exactly 6 answers for C-SSRS",
            "C_SSRS,  '-',                       must have exactly 6 answers for C-SSRS",
    })
    void wrongItemCount(ScreeningInstrument instrument, String answers, String message) {
        assertThat(violations(instrument, answers(answers), null)).containsExactly(new Violation("answers", message));
    }

    @ParameterizedTest(name = "{0} item {2} = {3} -> '{4}'")
    @CsvSource({
            "PHQ_9,   '0 0 0 0 0 0 0 0 0',   0, -1, 'must be 0, 1, 2 or 3'",
            "PHQ_9,   '0 0 0 0 0 0 0 0 0',   8,  4, 'must be 0, 1, 2 or 3'",
            "GAD_7,   '0 0 0 0 0 0 0',       6,  4, 'must be 0, 1, 2 or 3'",
            "AUDIT,   '0 0 0 0 0 0 0 0 0 0', 0, -1, 'must be 0, 1, 2, 3 or 4'",
            "DAST_10, '0 0 0 0 0 0 0 0 0 0', 2,  2, 'must be 0 (no) or 1 (yes)'",
            "C_SSRS,  '0 0 0 0 0 0',         3,  2, 'must be 0 (no) or 1 (yes)'",
    })
    void itemOutOfRange(ScreeningInstrument instrument, String base, int index, int value, String message) {
        List<Integer> answers = new ArrayList<>(answers(base));
        answers.set(index, value);
        assertThat(violations(instrument, answers, null))
                .containsExactly(new Violation("answers[" + index + "]", message));
    }

    @ParameterizedTest
    @EnumSource(ScreeningInstrument.class)
    void nullAnswerList(ScreeningInstrument instrument) {
        assertThat(violations(instrument, null, null)).containsExactly(new Violation("answers", "must not be null"));
    }

    @Test
    void nullItemsAndOutOfRangeItemsAreAllReported() {
        List<Integer> answers = Arrays.asList(0, null, 0, 0, 97, 0, 0, 0, null);
        List<Violation> violations = violations(PHQ_9, answers, null);
        assertThat(violations).containsExactly(
                new Violation("answers[1]", "must not be null"),
                new Violation("answers[4]", "must be 0, 1, 2 or 3"),
                new Violation("answers[8]", "must not be null"));
        assertThat(violations).noneMatch(v -> v.message().contains("97"));
    }

    @Test
    void exceptionMessageNamesFieldsWithoutValues() {
        assertThatThrownBy(() -> ScreeningScorer.score(GAD_7, List.of(0, 0, 0, 0, 0, 0, 12), null))
                .isInstanceOf(InvalidAnswersException.class)
                .hasMessage("answers[6]: must be 0, 1, 2 or 3");
    }

    @ParameterizedTest(name = "C-SSRS recency: {0}")
    @CsvSource({
            "'missing while Q6 yes',     '0 0 0 0 0 1', ,                is required when question 6 is answered yes",
            "'superfluous while Q6 no',  '1 1 1 0 0 0', WITHIN_3_MONTHS, must be absent when question 6 is answered no",
            "'superfluous while Q6 no',  '0 0 0 0 0 0', OVER_3_MONTHS,   must be absent when question 6 is answered no",
    })
    void cssrsRecencyMissingOrSuperfluous(String ref, String answers, CssrsRecency recency, String message) {
        assertThat(violations(C_SSRS, answers(answers), recency))
                .containsExactly(new Violation("cssrsRecency", message));
    }

    @Test
    void cssrsRecencyMissingIsReportedAlongsideItemErrors() {
        assertThat(violations(C_SSRS, List.of(7, 0, 0, 0, 0, 1), null)).containsExactly(
                new Violation("answers[0]", "must be 0 (no) or 1 (yes)"),
                new Violation("cssrsRecency", "is required when question 6 is answered yes"));
    }

    @ParameterizedTest
    @EnumSource(value = ScreeningInstrument.class, names = "C_SSRS", mode = EnumSource.Mode.EXCLUDE)
    void recencyRefusedForOtherInstruments(ScreeningInstrument instrument) {
        List<Integer> zeros = Collections.nCopies(switch (instrument) {
            case PHQ_9 -> 9;
            case GAD_7 -> 7;
            default -> 10;
        }, 0);
        assertThat(violations(instrument, zeros, OVER_3_MONTHS))
                .containsExactly(new Violation("cssrsRecency", "applies to C-SSRS only"));
    }
}
