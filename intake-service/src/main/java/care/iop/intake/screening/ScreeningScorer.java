package care.iop.intake.screening;

import care.iop.events.intake.ScreeningInstrument;
import care.iop.intake.screening.InvalidAnswersException.Violation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Scores the standardised screening instruments of docs/clinical-reference.md ("Screening instruments"): validates
 * the item answers, sums them, bands the total and raises follow-up flags. Plain Java, no framework.
 *
 * <p>Answers are item scores in instrument order: 0–3 for PHQ-9 and GAD-7, 0–4 (items 9 and 10: 0, 2 or 4) for
 * AUDIT, 0 = no / 1 = yes for DAST-10 and the C-SSRS screener. Violations name items by zero-based index, as in a
 * JSON path: {@code answers[8]} is PHQ-9 item 9.
 *
 * <p>C-SSRS recency (of question 6, suicidal behaviour) is required when question 6 is "yes" and refused when it is
 * "no" or the instrument is not C-SSRS, so a stored recency always means something.
 */
public final class ScreeningScorer {

    /** PHQ-9 item 9 above 0, or C-SSRS moderate risk: a clinician follows up on suicide risk. */
    public static final String SUICIDE_RISK_FOLLOW_UP = "suicide-risk-follow-up";
    /** GAD-7 total of 10 or more: further evaluation for an anxiety disorder. */
    public static final String FURTHER_EVALUATION = "further-evaluation";
    /**
     * A clinician must review the result the same day and acknowledge it with the action taken (it waits on the
     * clinic's safety worklist until then): C-SSRS high risk, and any PHQ-9 with item 9 above 0, whatever its total
     * (docs/clinical-reference.md: "item 9 > 0: ... acknowledged with the action taken, like a C-SSRS high result").
     */
    public static final String SAFETY_ACTION_REQUIRED = "safety-action-required";

    private static final List<Integer> ZERO_TO_THREE = List.of(0, 1, 2, 3);
    private static final List<Integer> ZERO_TO_FOUR = List.of(0, 1, 2, 3, 4);
    private static final List<Integer> ZERO_TWO_FOUR = List.of(0, 2, 4);
    private static final List<Integer> NO_YES = List.of(0, 1);

    private record Band(int min, String code) {
    }

    // Highest band first; a total takes the first band whose minimum it reaches.
    private static final List<Band> PHQ_9_BANDS = List.of(new Band(20, "severe"),
            new Band(15, "moderately-severe"), new Band(10, "moderate"), new Band(5, "mild"),
            new Band(0, "minimal"));
    private static final List<Band> GAD_7_BANDS = List.of(new Band(15, "severe"), new Band(10, "moderate"),
            new Band(5, "mild"), new Band(0, "minimal"));
    private static final List<Band> AUDIT_ZONES = List.of(new Band(20, "zone-iv"), new Band(16, "zone-iii"),
            new Band(8, "zone-ii"), new Band(0, "zone-i"));
    private static final List<Band> DAST_10_BANDS = List.of(new Band(9, "severe"), new Band(6, "substantial"),
            new Band(3, "moderate"), new Band(1, "low"), new Band(0, "none"));

    private ScreeningScorer() {
    }

    /**
     * Scores one completed instrument.
     *
     * @param recency C-SSRS only, required iff question 6 is "yes"; must be null otherwise
     * @throws InvalidAnswersException listing every invalid field
     */
    public static ScreeningResult score(ScreeningInstrument instrument, List<Integer> answers,
                                        CssrsRecency recency) {
        Objects.requireNonNull(instrument, "instrument");
        validate(instrument, answers, recency);
        return switch (instrument) {
            case PHQ_9 -> {
                int total = sum(answers);
                // Item 9 (thoughts of being better off dead or of self-harm) above 0: follow-up on suicide risk,
                // acknowledged by a clinician like a C-SSRS high result, even when the total is minimal.
                List<String> flags = answers.get(8) > 0 ? List.of(SUICIDE_RISK_FOLLOW_UP, SAFETY_ACTION_REQUIRED)
                        : List.of();
                yield new ScreeningResult(instrument, total, band(total, PHQ_9_BANDS), flags, loinc(instrument));
            }
            case GAD_7 -> {
                int total = sum(answers);
                List<String> flags = total >= 10 ? List.of(FURTHER_EVALUATION) : List.of();
                yield new ScreeningResult(instrument, total, band(total, GAD_7_BANDS), flags, loinc(instrument));
            }
            case AUDIT -> {
                int total = sum(answers);
                yield new ScreeningResult(instrument, total, band(total, AUDIT_ZONES), List.of(), loinc(instrument));
            }
            case DAST_10 -> {
                int total = 0;
                for (int i = 0; i < answers.size(); i++) {
                    // Item 3 ("always able to stop using drugs when you want to?") is reverse-scored: "no" scores 1.
                    total += i == 2 ? 1 - answers.get(i) : answers.get(i);
                }
                yield new ScreeningResult(instrument, total, band(total, DAST_10_BANDS), List.of(),
                        loinc(instrument));
            }
            case C_SSRS -> cssrs(answers, recency);
        };
    }

    /** Change of a total against the patient's baseline total; positive means worse on every instrument here. */
    public static int changeFromBaseline(int baselineTotal, int total) {
        return total - baselineTotal;
    }

    /**
     * LOINC code of the instrument's total score, or null where none is used.
     *
     * <p>AUDIT (marked "check" in the reference): 75624-7 is "Total score [AUDIT]" (0–40, panel 72110-0), while
     * 75626-2 is "Total score [AUDIT-C]" (0–12, the 3-item consumption subset, panel 72109-2), so the full
     * 10-item AUDIT total is 75624-7 (checked against loinc.org term pages).
     */
    public static String loinc(ScreeningInstrument instrument) {
        return switch (instrument) {
            case PHQ_9 -> "44261-6";
            case GAD_7 -> "70274-6";
            case AUDIT -> "75624-7";
            case DAST_10 -> "82667-7";
            case C_SSRS -> null;
        };
    }

    /**
     * C-SSRS screener triage (reference marks it "check"; it matches the Columbia screener's triage: Q1/Q2 low,
     * Q3 and lifetime Q6 moderate, Q4/Q5 and Q6 within 3 months high). The screener skips Q3–Q5 when Q2 is "no";
     * skipped questions are sent as "no", and a "yes" there is still honoured rather than discarded.
     */
    private static ScreeningResult cssrs(List<Integer> answers, CssrsRecency recency) {
        boolean[] yes = new boolean[7];
        for (int q = 1; q <= 6; q++) {
            yes[q] = answers.get(q - 1) == 1;
        }
        String band;
        List<String> flags;
        if (yes[4] || yes[5] || (yes[6] && recency == CssrsRecency.WITHIN_3_MONTHS)) {
            band = "high";
            flags = List.of(SAFETY_ACTION_REQUIRED);
        } else if (yes[3] || yes[6]) {
            band = "moderate";
            flags = List.of(SUICIDE_RISK_FOLLOW_UP);
        } else if (yes[1] || yes[2]) {
            band = "low";
            flags = List.of();
        } else {
            band = "none";
            flags = List.of();
        }
        return new ScreeningResult(ScreeningInstrument.C_SSRS, sum(answers), band, flags, null);
    }

    /** The allowed values of each item, in item order. */
    private static List<List<Integer>> allowedValues(ScreeningInstrument instrument) {
        return switch (instrument) {
            case PHQ_9 -> Collections.nCopies(9, ZERO_TO_THREE);
            case GAD_7 -> Collections.nCopies(7, ZERO_TO_THREE);
            case AUDIT -> {
                List<List<Integer>> items = new ArrayList<>(Collections.nCopies(8, ZERO_TO_FOUR));
                items.addAll(Collections.nCopies(2, ZERO_TWO_FOUR));
                yield items;
            }
            case DAST_10 -> Collections.nCopies(10, NO_YES);
            case C_SSRS -> Collections.nCopies(6, NO_YES);
        };
    }

    private static void validate(ScreeningInstrument instrument, List<Integer> answers, CssrsRecency recency) {
        List<Violation> violations = new ArrayList<>();
        List<List<Integer>> allowed = allowedValues(instrument);
        if (answers == null) {
            violations.add(new Violation("answers", "must not be null"));
        } else if (answers.size() != allowed.size()) {
            violations.add(new Violation("answers",
                    "must have exactly " + allowed.size() + " answers for " + instrument.value()));
        } else {
            for (int i = 0; i < allowed.size(); i++) {
                Integer answer = answers.get(i);
                String field = "answers[" + i + "]";
                if (answer == null) {
                    violations.add(new Violation(field, "must not be null"));
                } else if (!allowed.get(i).contains(answer)) {
                    violations.add(new Violation(field, "must be " + describe(allowed.get(i))));
                }
            }
        }
        if (instrument != ScreeningInstrument.C_SSRS) {
            if (recency != null) {
                violations.add(new Violation("cssrsRecency", "applies to C-SSRS only"));
            }
        } else if (answers != null && answers.size() == 6 && answers.get(5) != null
                && NO_YES.contains(answers.get(5))) {
            boolean q6Yes = answers.get(5) == 1;
            if (q6Yes && recency == null) {
                violations.add(new Violation("cssrsRecency", "is required when question 6 is answered yes"));
            } else if (!q6Yes && recency != null) {
                violations.add(new Violation("cssrsRecency", "must be absent when question 6 is answered no"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidAnswersException(violations);
        }
    }

    private static String describe(List<Integer> allowed) {
        if (allowed == NO_YES) {
            return "0 (no) or 1 (yes)";
        }
        List<String> values = allowed.stream().map(String::valueOf).toList();
        return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }

    private static int sum(List<Integer> answers) {
        return answers.stream().mapToInt(Integer::intValue).sum();
    }

    private static String band(int total, List<Band> bands) {
        return bands.stream().filter(b -> total >= b.min()).findFirst().orElseThrow().code();
    }
}
