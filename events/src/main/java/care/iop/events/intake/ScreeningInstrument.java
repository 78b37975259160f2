package care.iop.events.intake;

import com.fasterxml.jackson.annotation.JsonValue;

/** Standardised screening instrument. */
public enum ScreeningInstrument {
    PHQ_9("PHQ-9"),
    GAD_7("GAD-7"),
    AUDIT("AUDIT"),
    DAST_10("DAST-10"),
    C_SSRS("C-SSRS");

    private final String value;

    ScreeningInstrument(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
