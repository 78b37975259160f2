package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.intake.coverage.authorized.v1}: A payer authorised per-diem program units for a patient between
 * two dates (scheduling warns before a booking would exceed them, and bills against them). Key (subject): the
 * patient id.
 *
 * @param payerRuleSet        the billing rule set that applies (scheduling's payer rule table id, e.g. {@code h0015});
 *                            null when intake was not told
 * @param authorizationNumber the payer's authorization number, for the claim; null when there is none
 */
public record CoverageAuthorized(
        UUID coverageId,
        int authorizedUnits,
        LocalDate authorizedFrom,
        LocalDate authorizedTo,
        @Nullable String payerRuleSet,
        @Nullable String authorizationNumber) implements EventData {
}
