package care.iop.events.scheduling;

import com.fasterxml.jackson.annotation.JsonValue;

/** Weekly hours compliance of an enrollment. */
public enum ComplianceStatus {
    COMPLIANT("compliant"),
    AT_RISK("at-risk"),
    NON_COMPLIANT("non-compliant");

    private final String value;

    ComplianceStatus(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
