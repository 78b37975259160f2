package care.iop.events.medication;

import com.fasterxml.jackson.annotation.JsonValue;

/** Result of one substance in a drug screen. */
public enum ScreenResult {
    POSITIVE("positive"),
    NEGATIVE("negative");

    private final String value;

    ScreenResult(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
