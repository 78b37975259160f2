package care.iop.scheduling.session;

import java.time.LocalDate;
import java.util.List;

/**
 * What the session feature announces to the features above it. Fired synchronously with {@code Event<T>.fire} inside
 * {@link SessionService}'s (or {@link SeriesExtender}'s) transaction; observers run in that transaction, and a
 * refusal they throw (409) refuses the whole change.
 */
public final class SessionEvents {

    private SessionEvents() {
    }

    /**
     * A session was added (persisted, its {@code session.scheduled} event in the outbox).
     * <p>Observers: {@code BookingService.onSessionAdded} (a track's new group session books the track's active
     * enrollments that have started by its date, skipping patients who are busy then or a full group).
     */
    public record Added(Session session) {
    }

    /**
     * A session moved or was re-equipped; its room and facilitators are locked and free at the new time (not yet
     * flushed). {@code previousDate} is its local date before the change.
     * <p>Observers: {@code BookingService.onSessionMoved} (its bookings move with it; every patient holding a place
     * must be free at the new time, else 409 naming the other session; the weeks' hours are recomputed).
     */
    public record Moved(Session session, LocalDate previousDate) {
    }

    /**
     * A session was cancelled (status set). Observers report how many patients held a place, for the
     * {@code session.cancelled} event.
     * <p>Observers: {@code BookingService.onSessionCancelled} (releases every booking; the weeks' hours are
     * recomputed).
     */
    public static final class Cancelled {
        private final Session session;
        private final String reason;
        private int released;

        public Cancelled(Session session, String reason) {
            this.session = session;
            this.reason = reason;
        }

        public Session session() {
            return session;
        }

        public String reason() {
            return reason;
        }

        /** Called by the observer that released the bookings: how many of them held a place. */
        public void released(int count) {
            released += count;
        }

        public int released() {
            return released;
        }
    }

    /**
     * Upcoming group sessions took a new capacity (flushed), in start order.
     * <p>Observers: {@code BookingService.onCapacityChanged} (free places go to the waitlists, in order).
     */
    public record CapacityChanged(List<Session> sessions) {
    }
}
