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

    /** Whether a clinician must acknowledge this result (C-SSRS high risk). */
    public boolean requiresAcknowledgement() {
        return flags.contains(ScreeningScorer.SAFETY_ACTION_REQUIRED);
    }
}
