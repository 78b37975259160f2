package care.iop.events.aftercare;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an aftercare follow-up reached the patient. */
public enum FollowUpOutcome {
    REACHED("reached"),
    NOT_REACHED("not-reached"),
    DECLINED("declined");

    private final String value;

    FollowUpOutcome(String value) {
        this.value = value;
    }

    /** The wire value. */
    @JsonValue
    public String value() {
        return value;
    }
}
