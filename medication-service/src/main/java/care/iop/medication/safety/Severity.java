package care.iop.medication.safety;

import com.fasterxml.jackson.annotation.JsonValue;

/** How serious a safety {@link Finding} is. */
public enum Severity {
    /** The prescriber should review the combination; ordering may go ahead. */
    WARNING("warning"),
    /** The combination should not be given; ordering anyway needs an explicit override. */
    CONTRAINDICATED("contraindicated");

    private final String value;

    Severity(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
