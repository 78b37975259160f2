package care.iop.scheduling.enrollment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/**
 * What was booked when an enrollment became active ({@link FirstBookingRules}). Sessions scheduled later are booked
 * as they are added and are not counted here.
 */
@Schema(description = "What was booked when the enrollment became active: the track's group sessions from bookedFrom "
        + "on (the admission date, a closed group's cohort start, or at most 14 days back), sessions already held "
        + "included so their attendance can be recorded; cancelled sessions are skipped. Sessions scheduled later "
        + "are booked as they are added and are not counted here.")
public record FirstBooking(
        @Schema(description = "The first day booked") LocalDate bookedFrom,
        @Schema(description = "Sessions already held (before the enrollment was made) that the patient was booked into")
        int heldSessions,
        @Schema(description = "Sessions not yet started that the patient was booked into") int upcomingSessions,
        @Schema(description = "Upcoming sessions that were full: the patient is on their waitlist") int waitlisted,
        @Schema(description = "Sessions from bookedFrom on left out: the patient was booked elsewhere then, or a held "
                + "session was full") int notBooked) {
}
