package care.iop.intake.screening;

import com.fasterxml.jackson.annotation.JsonValue;

/** When the behaviour reported in C-SSRS screener question 6 last happened. */
public enum CssrsRecency {
    WITHIN_3_MONTHS("within-3-months"),
    OVER_3_MONTHS("over-3-months");

    private final String value;

    CssrsRecency(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
