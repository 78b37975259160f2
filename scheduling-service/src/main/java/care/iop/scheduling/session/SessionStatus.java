package care.iop.scheduling.session;

import com.fasterxml.jackson.annotation.JsonValue;

/** A session's status, named after FHIR Appointment.status. */
public enum SessionStatus {
    BOOKED("booked"),
    FULFILLED("fulfilled"),
    CANCELLED("cancelled"),
    ENTERED_IN_ERROR("entered-in-error");

    private final String value;

    SessionStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
