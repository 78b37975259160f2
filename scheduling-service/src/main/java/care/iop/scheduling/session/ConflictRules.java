package care.iop.scheduling.session;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * What counts as a double-booking, in plain Java. Time is half-open, {@code [start, end)}: a session ending at 10:00
 * and one starting at 10:00 do not overlap. A session clashes with another one (never with itself) that still takes
 * up its time and overlaps it. Rooms and facilitators ({@link RoomAndStaffConflicts}) and patients (booking's
 * {@code PatientConflicts}) are checked with queries built from these rules: {@link #overlapsSql} states
 * {@link #overlaps} over two columns, and status lists come from the enums (see {@link care.iop.scheduling.SqlEnums}).
 */
public final class ConflictRules {

    /** Sessions in these statuses still take up their room and facilitators (not cancelled or entered in error). */
    public static final Set<SessionStatus> SESSION_TAKES_TIME =
            Collections.unmodifiableSet(EnumSet.of(SessionStatus.BOOKED, SessionStatus.FULFILLED));

    public static final String ROOM_TAKEN = "The room is in use by another session at that time";
    public static final String FACILITATOR_TAKEN = "A facilitator is leading another session at that time";
    public static final String PATIENT_TAKEN = "The patient is booked into another session at that time";

    private ConflictRules() {
    }

    /** True if {@code [start, end)} and {@code [otherStart, otherEnd)} share any instant. */
    public static boolean overlaps(Instant start, Instant end, Instant otherStart, Instant otherEnd) {
        return otherStart.isBefore(end) && otherEnd.isAfter(start);
    }

    /**
     * True if {@code other} is another session that still takes up its time and overlaps {@code [start, end)}:
     * the decision {@link RoomAndStaffConflicts}'s query makes for sessions sharing a room or a facilitator.
     */
    public static boolean clashes(UUID self, Instant start, Instant end, UUID other, SessionStatus otherStatus,
                                  Instant otherStart, Instant otherEnd) {
        return !other.equals(self) && SESSION_TAKES_TIME.contains(otherStatus)
                && overlaps(start, end, otherStart, otherEnd);
    }

    /**
     * {@link #overlaps} as SQL: the row's {@code [startColumn, endColumn)} overlaps the parameters
     * {@code :start} and {@code :end}.
     */
    public static String overlapsSql(String startColumn, String endColumn) {
        return startColumn + " < :end and " + endColumn + " > :start";
    }
}
