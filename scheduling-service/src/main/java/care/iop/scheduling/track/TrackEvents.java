package care.iop.scheduling.track;

/**
 * What the track feature announces to the features above it. Fired synchronously with {@code Event<T>.fire} inside
 * {@link TrackService}'s transaction; the observers run in that transaction, so a failure rolls the track change back.
 */
public final class TrackEvents {

    private TrackEvents() {
    }

    /**
     * A track was created (flushed).
     * <p>Observers: {@code EnrollmentService.onTrackCreated} (enrollments waiting for the track's code start now).
     */
    public record Created(Track track) {
    }

    /**
     * A track's group size limit changed (not yet flushed).
     * <p>Observers: {@code SessionService.onGroupSizeLimitChanged} (the track's group series and upcoming sessions
     * take the new limit, within their rooms; more places are filled from the waitlists).
     */
    public record GroupSizeLimitChanged(Track track) {
    }

    /**
     * A closed group's cohort start date changed (flushed).
     * <p>Observers: {@code EnrollmentService.onCohortStartChanged} (enrollments waiting for the cohort start and
     * are booked from its date).
     */
    public record CohortStartChanged(Track track) {
    }
}
