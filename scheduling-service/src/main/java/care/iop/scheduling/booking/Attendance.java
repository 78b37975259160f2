package care.iop.scheduling.booking;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened at a booked session. */
public enum Attendance {
    PRESENT("present"),
    LATE("late"),
    LEFT_EARLY("left-early"),
    ABSENT_EXCUSED("absent-excused"),
    ABSENT_UNEXCUSED("absent-unexcused");

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
