package care.iop.events.notes;

import com.fasterxml.jackson.annotation.JsonValue;

/** Documentation format of a clinical note. */
public enum NoteFormat {
    SOAP("SOAP"),
    DAP("DAP"),
    BIRP("BIRP"),
    GROUP("GROUP"),
    FREE("FREE");

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
