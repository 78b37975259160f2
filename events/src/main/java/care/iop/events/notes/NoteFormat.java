package care.iop.events.notes;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Documentation format of a clinical note. Wire values are kebab-case (issue #19; {@code SOAP} was the wire value
 * before); the constant names keep the acronyms, and a note's content hash covers {@link #name()} so hashes signed
 * before the change still recompute.
 */
public enum NoteFormat {
    SOAP("soap"),
    DAP("dap"),
    BIRP("birp"),
    GROUP("group"),
    FREE("free");

    private final String value;

    NoteFormat(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
