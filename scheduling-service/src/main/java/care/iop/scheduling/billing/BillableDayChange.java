package care.iop.scheduling.billing;

import java.util.Comparator;
import java.util.List;

/**
 * What to do with a day's stored claim lines once its decision is made again: lines are never edited, so a day
 * whose lines would change is reversed (every stored line gets a reversal line) and, if still billable, determined
 * anew. Lines are compared as a set of their contents (the order lines were stored in does not matter).
 */
public enum BillableDayChange {
    /** Nothing stored, nothing billable; or the stored lines are what the decision gives. */
    UNCHANGED,
    /** Nothing stored; the day is billable: store its lines. */
    DETERMINE,
    /** Stored lines; the day is no longer billable: reverse them. */
    REVERSE,
    /** Stored lines that differ from the decision's: reverse them, then store the new ones. */
    REVERSE_AND_DETERMINE;

    /**
     * Everything a claim line says, as compared: a change to any of it (the attendance, the staff, the rule table
     * version, the authorization number) is a new line.
     */
    public record LineContent(String code, String revenueCode, int units, List<String> modifiers,
                              String placeOfService, String perDiemClass, List<String> conditionCodes,
                              List<String> renderingStaffIds, String authorizationNumber, String rulesVersion) {
        public LineContent {
            modifiers = List.copyOf(modifiers);
            conditionCodes = List.copyOf(conditionCodes);
            renderingStaffIds = renderingStaffIds.stream().sorted().toList();
        }
    }

    /** @param stored the day's current (unreversed) lines; @param decided the lines of the new decision, if any */
    public static BillableDayChange of(List<LineContent> stored, List<LineContent> decided) {
        if (stored.isEmpty()) {
            return decided.isEmpty() ? UNCHANGED : DETERMINE;
        }
        if (decided.isEmpty()) {
            return REVERSE;
        }
        return sorted(stored).equals(sorted(decided)) ? UNCHANGED : REVERSE_AND_DETERMINE;
    }

    private static List<LineContent> sorted(List<LineContent> lines) {
        return lines.stream().sorted(Comparator.comparing(LineContent::toString)).toList();
    }
}
