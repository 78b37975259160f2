package care.iop.scheduling.enrollment;

import care.iop.events.scheduling.EnrollmentEndReason;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An enrollment with its track's name, as the FHIR face shows it (EpisodeOfCare). {@code trackName} is null while
 * the enrollment waits for a track this clinic has not set up yet.
 */
public record EnrollmentSummary(UUID id, UUID patientId, UUID trackId, String trackCode, String trackName,
                                LocalDate startDate, LocalDate endDate, Enrollment.Status status,
                                EnrollmentEndReason endReason, long version) {
}
