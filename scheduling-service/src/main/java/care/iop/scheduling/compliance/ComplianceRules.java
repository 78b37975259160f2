package care.iop.scheduling.compliance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import care.iop.events.scheduling.ComplianceStatus;

/**
 * Weekly hours compliance against a track's target, in whole minutes so that 8.9 hours (534) is below a 9-hour
 * target (540) without rounding surprises.
 * <ul>
 *   <li>compliant: attended the target already, or what is still to come can reach it;</li>
 *   <li>at-risk: the week as scheduled falls short of the target, though nothing has been missed yet;</li>
 *   <li>non-compliant: attendance has lost hours the rest of the week cannot make up, or the week ended below
 *       target.</li>
 * </ul>
 */
public final class ComplianceRules {

    /** Consecutive unexcused absences that put a patient on the staff worklist. */
    public static final int MISSED_STREAK = 2;
    /** Non-compliant weeks this recent (weeks before the current one) put a patient on the worklist. */
    public static final int RECENT_WEEKS = 2;

    private ComplianceRules() {
    }

    /**
     * Why a running enrollment is on the staff worklist (empty: it is not): {@link #MISSED_STREAK} or more
     * consecutive unexcused absences, a non-compliant week in the last {@link #RECENT_WEEKS} weeks.
     */
    public static List<String> worklistReasons(int consecutiveUnexcused, boolean recentNonCompliantWeek) {
        List<String> reasons = new java.util.ArrayList<>();
        if (consecutiveUnexcused >= MISSED_STREAK) {
            reasons.add("consecutive-unexcused-absences");
        }
        if (recentNonCompliantWeek) {
            reasons.add("non-compliant-week");
        }
        return reasons;
    }

    /**
     * @param scheduled minutes of every session the patient holds a place in that week
     * @param attended  minutes attended, from recorded attendance
     * @param pending   minutes of sessions whose attendance is not recorded yet
     * @param weekOver  whether the week has ended
     */
    public static ComplianceStatus status(int target, int scheduled, int attended, int pending, boolean weekOver) {
        if (attended >= target) {
            return ComplianceStatus.COMPLIANT;
        }
        if (weekOver) {
            return ComplianceStatus.NON_COMPLIANT;
        }
        if (attended + pending >= target) {
            return ComplianceStatus.COMPLIANT;
        }
        int missed = scheduled - attended - pending;
        return missed > 0 ? ComplianceStatus.NON_COMPLIANT : ComplianceStatus.AT_RISK;
    }

    /**
     * Whether a recomputed week is a settled fact to announce ({@code attendance.compliance-changed}): a week is
     * announced once, when it is first judged (it has ended), and again only when its judged status really changes
     * (a late attendance entry). A week still to come or under way announces nothing, however its provisional status
     * moves while sessions are booked.
     *
     * @param judgedBefore the status the week was last judged with, or null when it had not been judged yet
     * @param weekOver     whether the week has ended now
     * @param status       the status now
     */
    public static boolean announces(ComplianceStatus judgedBefore, boolean weekOver, ComplianceStatus status) {
        return weekOver && judgedBefore != status;
    }

    /**
     * The week's target in minutes, pro-rated when the enrollment starts or ends within the week: by the share of the
     * track's meeting days the patient was enrolled on (a Mon/Wed/Fri 9-hour track ending on a Tuesday asks for 3
     * hours that week). A track without meeting days keeps its full target.
     */
    public static int target(int weeklyTarget, List<DayOfWeek> meetingDays, LocalDate weekStart, LocalDate enrolledFrom,
                             LocalDate enrolledTo) {
        if (meetingDays.isEmpty()) {
            return weeklyTarget;
        }
        long enrolledMeetingDays = meetingDays.stream().map(d -> weekStart.plusDays(d.getValue() - 1L))
                .filter(day -> !day.isBefore(enrolledFrom) && (enrolledTo == null || !day.isAfter(enrolledTo)))
                .count();
        return Math.round((float) weeklyTarget * enrolledMeetingDays / meetingDays.size());
    }
}
