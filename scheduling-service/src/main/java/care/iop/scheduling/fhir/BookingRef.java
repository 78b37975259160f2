package care.iop.scheduling.fhir;

import ca.uhn.fhir.rest.param.TokenParam;

import java.util.UUID;

/**
 * The booking an {@code _id} and/or {@code identifier} search names (Appointment and Encounter share the booking's
 * id). An id or identifier that cannot be one of our bookings, or two naming different bookings, match nothing.
 */
record BookingRef(UUID id, boolean impossible) {

    static BookingRef of(TokenParam id, TokenParam identifier) {
        UUID byId = null;
        if (id != null) {
            byId = SearchMatch.id("", id.getValue());
            if (byId == null) {
                return new BookingRef(null, true);
            }
        }
        if (identifier != null) {
            if (identifier.getSystem() != null && !identifier.getSystem().equals(SessionCodes.BOOKING)) {
                return new BookingRef(null, true);
            }
            UUID byIdentifier = SearchMatch.id("", identifier.getValue());
            if (byIdentifier == null || byId != null && !byId.equals(byIdentifier)) {
                return new BookingRef(null, true);
            }
            byId = byIdentifier;
        }
        return new BookingRef(byId, false);
    }
}
