package care.iop.notes.due;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When documentation is owed: a session's note {@code notes.sign-within} after the session starts (72 h by default,
 * tied to the session, not to when attendance was recorded), the initial treatment plan {@code notes.initial-plan-within}
 * after the admission day begins (UTC), and a plan review on its next-review date, listed on the worklist from a week
 * before. Something is overdue once its time has passed. Plain Java: no CDI, no JPA.
 */
public final class DueRules {

    /** How far ahead the worklist lists plan reviews. */
    public static final int REVIEW_LOOKAHEAD_DAYS = 7;

    private DueRules() {
    }

    public static Instant noteDueAt(Instant sessionStartsAt, Duration signWithin) {
        return sessionStartsAt.plus(signWithin);
    }

    public static Instant initialPlanDueAt(LocalDate admittedOn, Duration within) {
        return admittedOn.atStartOfDay(ZoneOffset.UTC).toInstant().plus(within);
    }

    /** The last next-review date the worklist lists on {@code today}. */
    public static LocalDate reviewsListedUntil(LocalDate today) {
        return today.plusDays(REVIEW_LOOKAHEAD_DAYS);
    }

    public static boolean overdue(Instant dueAt, Instant now) {
        return dueAt.isBefore(now);
    }

    public static boolean reviewOverdue(LocalDate nextReviewDue, LocalDate today) {
        return nextReviewDue.isBefore(today);
    }
}
