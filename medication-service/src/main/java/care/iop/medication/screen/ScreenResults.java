package care.iop.medication.screen;

import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a drug screen's entries must be and what they mean: a collection time between a day before the order and a
 * few minutes from now (clock skew), exactly one result per panel substance, and a positive is expected only when
 * the patient's medications explain it ({@link ScreenExpectation}); any other positive flags the screen
 * unexpected. Plain Java: no CDI, no JPA.
 */
public final class ScreenResults {

    /** How far ahead of the server's clock a collection time may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** How long before the order a specimen may have been collected (an order written after the collection). */
    static final Duration BEFORE_ORDER = Duration.ofDays(1);

    private ScreenResults() {
    }

    /** One substance's result as entered. */
    public record Entry(String substanceCode, ScreenResult result) {
    }

    /** Why entries are refused: the field (as the request names it) and what is wrong. */
    public record Violation(String field, String message) {
    }

    /** Whether a specimen may have been collected at {@code collectedAt} for a screen ordered at {@code orderedAt}. */
    public static boolean collectionTimeAllowed(Instant orderedAt, Instant collectedAt, Instant now) {
        return !collectedAt.isAfter(now.plus(CLOCK_SKEW)) && !collectedAt.isBefore(orderedAt.minus(BEFORE_ORDER));
    }

    /** The first thing wrong with the entries against the panel (off the panel, twice, or missing), if any. */
    public static Optional<Violation> check(List<String> panel, List<Entry> entries) {
        Set<String> given = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String code = entries.get(i).substanceCode();
            if (!panel.contains(code)) {
                return Optional.of(new Violation("results[" + i + "].substanceCode", "is not on this screen's panel"));
            }
            if (!given.add(code)) {
                return Optional.of(new Violation("results[" + i + "].substanceCode", "appears twice"));
            }
        }
        if (!given.containsAll(panel)) {
            return Optional.of(new Violation("results", "every panel substance needs a result; missing: "
                    + panel.stream().filter(c -> !given.contains(c)).collect(Collectors.joining(", "))));
        }
        return Optional.empty();
    }

    /** Each entry judged: a negative is expected, a positive only when {@code explained} holds its substance. */
    public static List<SubstanceResult> judge(List<Entry> entries, Set<String> explained) {
        return entries.stream().map(e -> new SubstanceResult(e.substanceCode(), e.result(),
                e.result() == ScreenResult.NEGATIVE || explained.contains(e.substanceCode()))).toList();
    }

    /** True when any positive is unexpected. */
    public static boolean unexpectedPositive(List<SubstanceResult> results) {
        return results.stream().anyMatch(r -> r.result() == ScreenResult.POSITIVE && !r.expected());
    }
}
