package care.iop.intake.screening;

import care.iop.events.intake.ScreeningInstrument;

import java.util.List;

/**
 * A scored screening.
 *
 * @param total for C-SSRS the number of "yes" answers
 * @param band  lower-case severity code, e.g. {@code moderately-severe}, {@code zone-iii}
 * @param flags follow-up codes, see {@link ScreeningScorer}
 * @param loinc LOINC code of the total score; null for C-SSRS
 */
public record ScreeningResult(ScreeningInstrument instrument, int total, String band, List<String> flags,
                              String loinc) {

    public ScreeningResult {
        flags = List.copyOf(flags);
    }

    /**
     * Whether a clinician must acknowledge this result with the action taken: it raised
     * {@link ScreeningScorer#SAFETY_ACTION_REQUIRED} (C-SSRS high risk, or PHQ-9 item 9 above 0).
     */
    public boolean requiresAcknowledgement() {
        return flags.contains(ScreeningScorer.SAFETY_ACTION_REQUIRED);
    }
}
