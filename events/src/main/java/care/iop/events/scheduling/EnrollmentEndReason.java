package care.iop.events.scheduling;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an enrollment in a track ended. */
public enum EnrollmentEndReason {
    DISCHARGED("discharged"),
    WITHDRAWN("withdrawn"),
    TRANSFERRED("transferred"),
    OTHER("other");

    private final String value;

    EnrollmentEndReason(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
