package care.iop.events.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an audited access ended. */
public enum AuditOutcome {
    SUCCESS("success"),
    DENIED("denied"),
    FAILURE("failure");

    private final String value;

    AuditOutcome(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
