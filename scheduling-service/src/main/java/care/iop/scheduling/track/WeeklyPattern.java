package care.iop.scheduling.track;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A weekly pattern in a clinic's time zone: which days, local start time, duration.
 *
 * <p>Sessions keep their local wall-clock start time across daylight saving changes, so a 09:00 session
 * is at 09:00 local before and after the change and its UTC instant shifts by the DST offset. The end is
 * always the start plus {@code durationMinutes} of elapsed time. A local start time that does not exist
 * (spring-forward gap) is moved forward by the length of the gap; an ambiguous one (fall-back overlap)
 * uses the earlier of the two offsets.
 *
 * @param days            the days of the week on which the session takes place, non-empty
 * @param startTime       local start time in {@code zone}
 * @param durationMinutes elapsed duration, {@value #MIN_DURATION_MINUTES}..{@value #MAX_DURATION_MINUTES}
 * @param zone            the clinic's time zone
 */
public record WeeklyPattern(Set<DayOfWeek> days, LocalTime startTime, int durationMinutes, ZoneId zone) {

    public static final int MIN_DURATION_MINUTES = 15;
    public static final int MAX_DURATION_MINUTES = 720;

    public WeeklyPattern {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("days must not be empty");
        }
        // Not days.contains(null): immutable sets such as Set.of(...) throw on a null query.
        if (days.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("days must not contain null");
        }
        requireStart(startTime, durationMinutes, zone);
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /**
     * One concrete session.
     *
     * @param localDate the local date in the pattern's zone the session was generated for
     * @param startsAt  start instant
     * @param endsAt    end instant, start plus the duration in elapsed time
     */
    public record Occurrence(LocalDate localDate, Instant startsAt, Instant endsAt) {}

    /** Occurrences whose local date lies in [from, to] (inclusive), in time order. from > to -> empty. */
    public List<Occurrence> occurrences(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to must not be null");
        }
        List<Occurrence> result = new ArrayList<>();
        // Same local time on later dates is always a later instant (days differ by 23..25 hours),
        // so walking the dates in order yields time order.
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            if (days.contains(date.getDayOfWeek())) {
                result.add(at(date, startTime, durationMinutes, zone));
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** One occurrence at a local date and time in a zone. */
    public static Occurrence at(LocalDate date, LocalTime time, int durationMinutes, ZoneId zone) {
        if (date == null) {
            throw new IllegalArgumentException("date must not be null");
        }
        requireStart(time, durationMinutes, zone);
        // ZonedDateTime.of shifts a time in a gap forward by the gap length and picks the earlier
        // offset in an overlap, which is exactly the documented behaviour.
        Instant startsAt = ZonedDateTime.of(date, time, zone).toInstant();
        return new Occurrence(date, startsAt, startsAt.plus(Duration.ofMinutes(durationMinutes)));
    }

    private static void requireStart(LocalTime time, int durationMinutes, ZoneId zone) {
        if (time == null) {
            throw new IllegalArgumentException("start time must not be null");
        }
        if (zone == null) {
            throw new IllegalArgumentException("zone must not be null");
        }
        if (durationMinutes < MIN_DURATION_MINUTES || durationMinutes > MAX_DURATION_MINUTES) {
            throw new IllegalArgumentException("duration must be between " + MIN_DURATION_MINUTES + " and "
                    + MAX_DURATION_MINUTES + " minutes, was " + durationMinutes);
        }
    }
}
