package care.iop.events.medication;

import com.fasterxml.jackson.annotation.JsonValue;

/** DEA controlled-substance schedule. */
public enum DeaSchedule {
    II("II"),
    III("III"),
    IV("IV"),
    V("V"),
    /** Not a controlled substance. */
    NONE("none");

    private final String value;

    DeaSchedule(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
