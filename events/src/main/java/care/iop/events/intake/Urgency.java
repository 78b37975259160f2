package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** How soon a referral needs an answer. */
public enum Urgency {
    ROUTINE("routine"),
    URGENT("urgent"),
    EMERGENT("emergent");

    private final String value;

    Urgency(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
