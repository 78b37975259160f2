package care.iop.events.scheduling;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a session is held. */
public enum Modality {
    IN_PERSON("in-person"),
    TELEHEALTH("telehealth");

    private final String value;

    Modality(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
