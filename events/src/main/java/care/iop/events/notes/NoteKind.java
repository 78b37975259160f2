package care.iop.events.notes;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of clinical note. */
public enum NoteKind {
    PROGRESS("progress"),
    GROUP("group"),
    PSYCHOTHERAPY("psychotherapy"),
    TREATMENT_PLAN_REVIEW("treatment-plan-review"),
    OTHER("other");

    private final String value;

    NoteKind(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
