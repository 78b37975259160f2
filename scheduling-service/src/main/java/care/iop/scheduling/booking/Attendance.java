package care.iop.scheduling.booking;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What happened at a booked session. */
public enum Attendance {
    PRESENT("present"),
    LATE("late"),
    LEFT_EARLY("left-early"),
    ABSENT_EXCUSED("absent-excused"),
    ABSENT_UNEXCUSED("absent-unexcused");

    /** The values that count as attended ({@link #attended()}): present, late, left early. */
    public static final Set<Attendance> ATTENDED = Collections.unmodifiableSet(EnumSet.copyOf(
            Arrays.stream(values()).filter(Attendance::attended).toList()));

    private final String value;

    Attendance(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean attended() {
        return this == PRESENT || this == LATE || this == LEFT_EARLY;
    }
}
