package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** Category of data a 42 CFR Part 2 consent allows to disclose. */
public enum ConsentCategory {
    DEMOGRAPHICS("demographics"),
    ENROLLMENT_ATTENDANCE("enrollment-attendance"),
    DIAGNOSES("diagnoses"),
    MEDICATIONS("medications"),
    TREATMENT_PLAN_SUMMARY("treatment-plan-summary"),
    DISCHARGE_SUMMARY("discharge-summary");

    private final String value;

    ConsentCategory(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
