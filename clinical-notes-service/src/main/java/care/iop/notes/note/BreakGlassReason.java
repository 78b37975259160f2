package care.iop.notes.note;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a clinical supervisor not assigned to a psychotherapy note's author reads it (break-glass). */
public enum BreakGlassReason {
    /** The patient needs care now and the note bears on it (HL7 ETREAT). */
    EMERGENCY_TREATMENT("emergency-treatment"),
    /** A risk to the patient or others (suicide, violence) that the note may bear on. */
    PATIENT_SAFETY("patient-safety"),
    /** The author and the assigned supervisors are unavailable and care must go on. */
    CONTINUITY_OF_CARE("continuity-of-care"),
    /** Anything else: the reason text is then required. */
    OTHER("other");

    private final String value;

    BreakGlassReason(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
