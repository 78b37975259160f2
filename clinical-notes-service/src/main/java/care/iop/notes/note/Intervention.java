package care.iop.notes.note;

import com.fasterxml.jackson.annotation.JsonValue;

/** Therapeutic interventions a note can record. */
public enum Intervention {
    CBT("cbt"),
    DBT("dbt"),
    MOTIVATIONAL_INTERVIEWING("motivational-interviewing"),
    FAMILY_THERAPY("family-therapy"),
    PSYCHOEDUCATION("psychoeducation"),
    RELAPSE_PREVENTION("relapse-prevention"),
    MINDFULNESS("mindfulness"),
    CONTINGENCY_MANAGEMENT("contingency-management"),
    TWELVE_STEP_FACILITATION("twelve-step-facilitation"),
    ACCEPTANCE_COMMITMENT("acceptance-commitment-therapy"),
    TRAUMA_INFORMED("trauma-informed-care"),
    SKILLS_TRAINING("skills-training"),
    CASE_MANAGEMENT("case-management");

    private final String value;

    Intervention(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
