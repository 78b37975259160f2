package care.iop.events.intake;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.intake.coverage.authorized.v1}: A payer authorised per-diem program units for a patient between
 * two dates (scheduling warns before a booking would exceed them). Key (subject): the patient id.
 */
public record CoverageAuthorized(
        UUID coverageId,
        int authorizedUnits,
        LocalDate authorizedFrom,
        LocalDate authorizedTo) implements EventData {
}
