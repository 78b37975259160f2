package care.iop.scheduling.enrollment;

import java.time.LocalDate;

/**
 * What the enrollment feature announces to the features above it. Fired synchronously with {@code Event<T>.fire}
 * inside {@link EnrollmentService}'s transaction (or the event consumer's); observers run in that transaction.
 */
public final class EnrollmentEvents {

    private EnrollmentEvents() {
    }

    /**
     * An enrollment became active in its track (flushed; its {@code enrollment.started} event is in the outbox when
     * it started now): it takes part in the track's group sessions from {@code from} on.
     * <p>Observers: {@code BookingService.onEnrollmentActivated} (books it into the track's group sessions as
     * {@link FirstBookingRules} decides, skipping times the patient is busy, and reports what it booked).
     */
    public static final class Activated {
        private final Enrollment enrollment;
        private final LocalDate from;
        private FirstBooking booked;

        public Activated(Enrollment enrollment, LocalDate from) {
            this.enrollment = enrollment;
            this.from = from;
        }

        public Enrollment enrollment() {
            return enrollment;
        }

        public LocalDate from() {
            return from;
        }

        /** Called by the observer that booked the sessions. */
        public void booked(FirstBooking booked) {
            this.booked = booked;
        }

        /** What was booked, or null when no observer booked anything. */
        public FirstBooking booked() {
            return booked;
        }
    }

    /**
     * An enrollment ended on {@code endDate} (status set, not yet flushed). Observers run in feature order and report
     * how many places were released, for the {@code enrollment.ended} event.
     * <p>Observers: {@code BookingService.onEnrollmentEnded} (releases its bookings of sessions after the end date
     * that were not attended; their places go to the waitlists), then {@code ComplianceService.onEnrollmentEnded}
     * (weeks after the end date are dropped, the week it ended in is judged again).
     */
    public static final class Ended {
        private final Enrollment enrollment;
        private final LocalDate endDate;
        private int released;

        public Ended(Enrollment enrollment, LocalDate endDate) {
            this.enrollment = enrollment;
            this.endDate = endDate;
        }

        public Enrollment enrollment() {
            return enrollment;
        }

        public LocalDate endDate() {
            return endDate;
        }

        /** Called by the observer that released the bookings: how many of them held a place. */
        public void released(int count) {
            released += count;
        }

        public int released() {
            return released;
        }
    }
}
