package care.iop.scheduling.session;

import java.util.UUID;

/**
 * How many patients hold or wait for a place in a session, for session views. Bookings sit above sessions in the
 * feature order ({@link care.iop.scheduling.FeatureOrder}), so the session feature asks through this interface and
 * never names booking; booking implements it ({@code BookingService}).
 */
public interface Occupancy {

    /** Patients holding a place (booked, checked in, attended or no-show). */
    long occupied(UUID sessionId);

    /** Patients on the waitlist. */
    long waitlisted(UUID sessionId);
}
