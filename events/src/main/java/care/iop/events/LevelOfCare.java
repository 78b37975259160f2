package care.iop.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** ASAM level of care; the wire value is the ASAM number. Shared by intake and aftercare events. */
public enum LevelOfCare {
    /** Early intervention. */
    LEVEL_0_5("0.5"),
    /** Outpatient. */
    LEVEL_1("1"),
    /** Intensive outpatient (this program). */
    LEVEL_2_1("2.1"),
    /** Partial hospitalisation. */
    LEVEL_2_5("2.5"),
    /** Clinically managed low-intensity residential. */
    LEVEL_3_1("3.1"),
    /** Clinically managed population-specific high-intensity residential. */
    LEVEL_3_3("3.3"),
    /** Clinically managed high-intensity residential. */
    LEVEL_3_5("3.5"),
    /** Medically monitored intensive inpatient. */
    LEVEL_3_7("3.7"),
    /** Medically managed intensive inpatient. */
    LEVEL_4("4");

    private final String value;

    LevelOfCare(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
