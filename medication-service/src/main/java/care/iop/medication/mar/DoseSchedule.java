package care.iop.medication.mar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When an order's doses are due and what counts against them: the scheduled dose times of a course (times of day in
 * the clinic's zone, so a dose stays at 08:00 across daylight-saving changes), the window either side of each, the
 * periods the MAR and adherence cover, and the adherence percentage. Plain Java: no CDI, no JPA.
 */
public final class DoseSchedule {

    /** The window either side of a scheduled dose when the order names none. */
    public static final int DEFAULT_WINDOW_MINUTES = 120;

    private DoseSchedule() {
    }

    /** A course's schedule: its zone, first and last day (null: open), and its times of day. */
    public record Course(ZoneId zone, LocalDate startDate, LocalDate endDate, List<LocalTime> times) {
    }

    /** Scheduled dose times of the course after {@code after} up to and including {@code until}, in order. */
    public static List<Instant> slots(Course course, Instant after, Instant until) {
        List<Instant> slots = new ArrayList<>();
        if (course.zone() == null) {
            return slots;
        }
        ZoneId zone = course.zone();
        LocalDate first = after.atZone(zone).toLocalDate().isBefore(course.startDate()) ? course.startDate()
                : after.atZone(zone).toLocalDate();
        LocalDate last = until.atZone(zone).toLocalDate();
        if (course.endDate() != null && course.endDate().isBefore(last)) {
            last = course.endDate();
        }
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (LocalTime time : course.times()) {
                Instant slot = day.atTime(time).atZone(zone).toInstant();
                if (slot.isAfter(after) && !slot.isAfter(until)) {
                    slots.add(slot);
                }
            }
        }
        return slots;
    }

    /** The window either side of a scheduled dose: the order's, else {@link #DEFAULT_WINDOW_MINUTES}. */
    public static Duration window(Integer windowMinutes) {
        return Duration.ofMinutes(windowMinutes == null ? DEFAULT_WINDOW_MINUTES : windowMinutes);
    }

    /** The scheduled dose nearest to {@code at} within a window either side (a dose may come a little early). */
    public static Optional<Instant> nearestSlot(Course course, Duration window, Instant at) {
        return slots(course, at.minus(window).minusSeconds(1), at.plus(window)).stream()
                .min(Comparator.comparing(slot -> Duration.between(slot, at).abs()));
    }

    /** A period of whole UTC days: from 00:00 UTC on its first day to 00:00 UTC after its last. */
    public record Period(Instant from, Instant until) {
    }

    /**
     * The days from {@code from} to {@code to}, both included; {@code to} defaults to {@code today} and {@code from}
     * to {@code defaultDays} days ending with {@code to}. At most a year (366 days) apart, and in order, else an
     * {@link IllegalArgumentException}.
     */
    public static Period period(LocalDate from, LocalDate to, int defaultDays, LocalDate today) {
        LocalDate last = to != null ? to : today;
        LocalDate first = from != null ? from : last.minusDays(defaultDays - 1L);
        if (first.isAfter(last) || first.plusDays(366).isBefore(last)) {
            throw new IllegalArgumentException("must be on or before to and at most a year earlier");
        }
        return new Period(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Administered doses as a percentage of scheduled ones, one decimal, half up; null when none was scheduled. */
    public static BigDecimal adherencePercent(long administered, long scheduled) {
        return scheduled == 0 ? null : BigDecimal.valueOf(administered * 100)
                .divide(BigDecimal.valueOf(scheduled), 1, RoundingMode.HALF_UP);
    }
}
