package care.iop.aftercare.followup;

import care.iop.events.aftercare.FollowUpOutcome;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a follow-up's outcome may carry and when a follow-up falls due: IET initiation is recorded at the initiation
 * check only, engagement visits at the engagement check only (HEDIS IET, 14 and 34 days; see
 * {@code episode/FollowUpSchedule}), a PHQ-9 total only when the patient was reached; a follow-up falls due when its
 * due date begins in its clinic's time zone. Plain Java: no CDI, no JPA.
 */
public final class FollowUpRules {

    private FollowUpRules() {
    }

    /** Why an outcome does not fit the follow-up: the field and what is wrong. */
    public record Violation(String field, String message) {
    }

    /** The first field of the outcome that does not fit a follow-up of this kind, if any. */
    public static Optional<Violation> checkOutcome(String kind, FollowUpOutcome outcome, Integer phq9Total,
                                                   Boolean ietInitiated, Integer ietEngagementVisits) {
        if (ietInitiated != null && !kind.startsWith("iet-initiation")) {
            return Optional.of(new Violation("ietInitiated", "is recorded at the IET initiation check"));
        }
        if (ietEngagementVisits != null && !kind.startsWith("iet-engagement")) {
            return Optional.of(new Violation("ietEngagementVisits", "is recorded at the IET engagement check"));
        }
        if (outcome != FollowUpOutcome.REACHED && phq9Total != null) {
            return Optional.of(new Violation("phq9Total", "is only scored when the patient was reached"));
        }
        return Optional.empty();
    }

    /** Whether a follow-up due on {@code dueDate} (a day in {@code zone}) has fallen due by {@code now}. */
    public static boolean isDue(LocalDate dueDate, ZoneId zone, Instant now) {
        return !now.isBefore(dueDate.atStartOfDay(zone).toInstant());
    }
}
