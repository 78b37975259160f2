package care.iop.scheduling.booking;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;

/** A patient's place in a session, named after FHIR Appointment participant and appointment statuses. */
public enum BookingStatus {
    BOOKED("booked"),
    WAITLIST("waitlist"),
    CHECKED_IN("checked-in"),
    FULFILLED("fulfilled"),
    NOSHOW("noshow"),
    CANCELLED("cancelled");

    /** Statuses that take a place in the session and time in the patient's week. */
    public static final Set<BookingStatus> HOLDS_PLACE = Set.of(BOOKED, CHECKED_IN, FULFILLED, NOSHOW);

    private final String value;

    BookingStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
