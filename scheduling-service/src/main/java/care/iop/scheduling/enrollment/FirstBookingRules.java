package care.iop.scheduling.enrollment;

import care.iop.scheduling.session.SessionStatus;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Which of its track's group sessions an enrollment is booked into when it becomes active (an admission, a hand
 * enrollment, a closed group's new cohort). Staff admit on the day the patient starts and often enter it a few days
 * later, then record attendance for the days already attended; so the sessions from the enrollment's first day on
 * are booked, those already held included:
 * <ul>
 *     <li>never a session before the first day ({@code from}: the admission date, or the cohort start);</li>
 *     <li>held sessions at most {@value #BACKFILL_DAYS} days back from today (a late entry weeks after the
 *     admission books the last two weeks, not a month of sessions nobody can vouch for);</li>
 *     <li>cancelled sessions (and those entered in error) are skipped;</li>
 *     <li>a held session gets a place only when one is free: there is no waitlist for a session already held;
 *     an upcoming one puts the patient on its waitlist when full, as before.</li>
 * </ul>
 * Plain rules: today and the time now are passed in.
 */
public final class FirstBookingRules {

    /** How far back from today sessions already held are booked. */
    public static final int BACKFILL_DAYS = 14;

    /** What to do with one session of the track. */
    public enum Choice {
        /** Not booked: before the first day, cancelled, or not a group session. */
        SKIP,
        /** Held already: booked when a place is free, else left out. */
        HELD,
        /** Not started: booked, or on the waitlist when full. */
        UPCOMING
    }

    private FirstBookingRules() {
    }

    /** The first day booked: the enrollment's first day, but no earlier than {@value #BACKFILL_DAYS} days ago. */
    public static LocalDate bookedFrom(LocalDate from, LocalDate today) {
        LocalDate earliest = today.minusDays(BACKFILL_DAYS);
        return from.isBefore(earliest) ? earliest : from;
    }

    /**
     * @param bookedFrom  from {@link #bookedFrom}
     * @param now         the time now
     * @param sessionDate the session's local date on the track's calendar
     * @param startsAt    when the session starts
     */
    public static Choice choose(LocalDate bookedFrom, Instant now, LocalDate sessionDate, Instant startsAt,
                                SessionStatus status, boolean group) {
        if (!group || sessionDate.isBefore(bookedFrom)
                || (status != SessionStatus.BOOKED && status != SessionStatus.FULFILLED)) {
            return Choice.SKIP;
        }
        return startsAt.isAfter(now) ? Choice.UPCOMING : Choice.HELD;
    }
}
