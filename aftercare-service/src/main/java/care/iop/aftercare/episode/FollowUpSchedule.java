package care.iop.aftercare.episode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which follow-ups a discharge creates and how many days after it each falls due: the clinic's outreach days
 * ({@code aftercare.follow-up-days}, each once, in order, as {@code day-<n>}) and the two HEDIS IET checks, initiation
 * at 14 days and engagement at 34 (docs/clinical-reference.md, "Aftercare measures"). Plain Java: no CDI, no JPA.
 */
public final class FollowUpSchedule {

    /** HEDIS IET: initiation of treatment within 14 days, engagement within 34 days. */
    public static final int IET_INITIATION_DAYS = 14;
    public static final int IET_ENGAGEMENT_DAYS = 34;

    private FollowUpSchedule() {
    }

    /** Follow-up kinds and their days after discharge, in the order they are created. */
    public static Map<String, Integer> of(List<Integer> followUpDays) {
        Map<String, Integer> schedule = new LinkedHashMap<>();
        followUpDays.stream().distinct().sorted().forEach(d -> schedule.put("day-" + d, d));
        schedule.put("iet-initiation-" + IET_INITIATION_DAYS, IET_INITIATION_DAYS);
        schedule.put("iet-engagement-" + IET_ENGAGEMENT_DAYS, IET_ENGAGEMENT_DAYS);
        return schedule;
    }
}
