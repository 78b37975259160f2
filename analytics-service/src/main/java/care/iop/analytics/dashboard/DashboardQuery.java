package care.iop.analytics.dashboard;

import care.iop.analytics.Measures;
import care.iop.analytics.PeriodKind;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The page's parameters with their defaults: weeks, the 12 periods up to today. A parameter that is not valid is an
 * {@link IllegalArgumentException} whose message the page can show (it names the parameter, never echoes it).
 */
public record DashboardQuery(PeriodKind period, LocalDate from, LocalDate to, String track) {

    static final int DEFAULT_PERIODS = 12;

    public static DashboardQuery of(String period, String from, String to, String track, LocalDate today) {
        PeriodKind kind;
        try {
            kind = PeriodKind.fromString(blank(period) ? "week" : period);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The period must be week or month.");
        }
        LocalDate last = blank(to) ? today : date("to", to);
        LocalDate first = blank(from) ? defaultFrom(kind, last) : date("from", from);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("The first day must not be after the last day.");
        }
        if (periods(kind, first, last) > Measures.MAX_PERIODS) {
            throw new IllegalArgumentException("At most " + Measures.MAX_PERIODS + " periods can be shown at once.");
        }
        String code = blank(track) ? null : track;
        if (code != null && !code.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("The track must be a track code.");
        }
        return new DashboardQuery(kind, first, last, code);
    }

    static LocalDate defaultFrom(PeriodKind kind, LocalDate to) {
        LocalDate start = kind.startOf(to);
        return kind == PeriodKind.WEEK ? start.minusWeeks(DEFAULT_PERIODS - 1) : start.minusMonths(DEFAULT_PERIODS - 1);
    }

    static long periods(PeriodKind kind, LocalDate from, LocalDate to) {
        ChronoUnit unit = kind == PeriodKind.WEEK ? ChronoUnit.WEEKS : ChronoUnit.MONTHS;
        return unit.between(kind.startOf(from), kind.startOf(to)) + 1;
    }

    /** The query string of these parameters (dates ISO, track a code: nothing to escape). */
    public String queryString() {
        return "period=" + period.value() + "&from=" + from + "&to=" + to + (track == null ? "" : "&track=" + track);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The " + (name.equals("from") ? "first" : "last")
                    + " day must be a date (2026-01-31).");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
