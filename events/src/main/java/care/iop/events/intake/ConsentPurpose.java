package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** Purpose a consent allows disclosure for. */
public enum ConsentPurpose {
    TREATMENT("treatment"),
    PAYMENT("payment"),
    HEALTH_CARE_OPERATIONS("health-care-operations"),
    CARE_COORDINATION("care-coordination");

    private final String value;

    ConsentPurpose(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
