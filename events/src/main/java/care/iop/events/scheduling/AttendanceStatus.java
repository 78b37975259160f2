package care.iop.events.scheduling;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a patient attended a session. */
public enum AttendanceStatus {
    PRESENT("present"),
    LATE("late"),
    LEFT_EARLY("left-early");

    private final String value;

    AttendanceStatus(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
