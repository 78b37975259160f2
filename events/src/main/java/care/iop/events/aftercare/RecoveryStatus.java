package care.iop.events.aftercare;

import com.fasterxml.jackson.annotation.JsonValue;

/** Recovery status reported at a follow-up. */
public enum RecoveryStatus {
    IN_RECOVERY("in-recovery"),
    USING("using"),
    READMITTED("readmitted"),
    UNKNOWN("unknown");

    private final String value;

    RecoveryStatus(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
