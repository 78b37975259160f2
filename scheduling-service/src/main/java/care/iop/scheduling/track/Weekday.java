package care.iop.scheduling.track;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.DayOfWeek;
import java.util.List;

/**
 * A day of the week as the API spells it ({@code monday} … {@code sunday}, kebab-case like every platform enum);
 * the code works with {@link DayOfWeek}. Java's own enum would be {@code MONDAY} on the wire.
 */
public enum Weekday {
    MONDAY("monday", DayOfWeek.MONDAY),
    TUESDAY("tuesday", DayOfWeek.TUESDAY),
    WEDNESDAY("wednesday", DayOfWeek.WEDNESDAY),
    THURSDAY("thursday", DayOfWeek.THURSDAY),
    FRIDAY("friday", DayOfWeek.FRIDAY),
    SATURDAY("saturday", DayOfWeek.SATURDAY),
    SUNDAY("sunday", DayOfWeek.SUNDAY);

    private final String value;
    private final DayOfWeek day;

    Weekday(String value, DayOfWeek day) {
        this.value = value;
        this.day = day;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public DayOfWeek day() {
        return day;
    }

    public static Weekday of(DayOfWeek day) {
        return values()[day.ordinal()];
    }

    public static List<DayOfWeek> days(List<Weekday> weekdays) {
        return weekdays == null ? null : weekdays.stream().map(Weekday::day).toList();
    }

    public static List<Weekday> of(List<DayOfWeek> days) {
        return days.stream().map(Weekday::of).toList();
    }
}
