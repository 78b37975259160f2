package care.iop.events.scheduling;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of program session. */
public enum SessionKind {
    GROUP_THERAPY("group-therapy"),
    PSYCHOEDUCATION("psychoeducation"),
    SKILLS_GROUP("skills-group"),
    INDIVIDUAL_THERAPY("individual-therapy"),
    FAMILY_THERAPY("family-therapy"),
    MEDICATION_MANAGEMENT("medication-management");

    private final String value;

    SessionKind(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
