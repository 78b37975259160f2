package care.iop.scheduling.booking;

import care.iop.scheduling.enrollment.Enrollment;
import care.iop.scheduling.session.Session;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the booking feature announces to the features above it. Fired synchronously with {@code Event<T>.fire}
 * inside the transaction of {@link BookingService} or {@link AttendanceService} (or of the lower feature whose event
 * booking is observing); observers run in that transaction.
 */
public final class BookingEvents {

    private BookingEvents() {
    }

    /**
     * A patient took a place in a session on request (booked, not waitlisted; persisted, not yet flushed). Observers
     * may add warnings for the scheduler; the booking is made all the same.
     * <p>Observers: {@code AuthorizationService.onPlaceTaken} (warns when the booking takes the patient past the
     * payer's authorised program days).
     */
    public static final class PlaceTaken {
        private final Booking booking;
        private final Session session;
        private final List<BookingService.Warning> warnings = new ArrayList<>();

        public PlaceTaken(Booking booking, Session session) {
            this.booking = booking;
            this.session = session;
        }

        public Booking booking() {
            return booking;
        }

        public Session session() {
            return session;
        }

        public void warn(BookingService.Warning warning) {
            warnings.add(warning);
        }

        public List<BookingService.Warning> warnings() {
            return List.copyOf(warnings);
        }
    }

    /**
     * The time an enrollment holds or attended on some days changed (flushed): a place taken, given up or moved,
     * or attendance recorded. {@code days} are local dates, in the order their weeks should be judged.
     * <p>Observers: {@code ComplianceService.onHoursChanged} (recomputes each week those days fall in, once, and
     * announces a judged week's status).
     */
    public record HoursChanged(Enrollment enrollment, List<LocalDate> days) {

        public static HoursChanged on(Enrollment enrollment, LocalDate day) {
            return new HoursChanged(enrollment, List.of(day));
        }
    }
}
