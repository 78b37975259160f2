package care.iop.events.aftercare;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who continues medication for addiction treatment after discharge. */
public enum MatContinuity {
    PROGRAM("program"),
    RECEIVING_PROVIDER("receiving-provider"),
    PRIMARY_CARE("primary-care"),
    NONE("none");

    private final String value;

    MatContinuity(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
