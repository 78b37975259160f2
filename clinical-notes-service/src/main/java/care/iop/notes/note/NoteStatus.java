package care.iop.notes.note;

import com.fasterxml.jackson.annotation.JsonValue;

/** Draft (editable by its author) → signed (locked), via pending-co-signature for supervised staff. */
public enum NoteStatus {
    DRAFT("draft"),
    PENDING_CO_SIGNATURE("pending-co-signature"),
    SIGNED("signed");

    private final String value;

    NoteStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
