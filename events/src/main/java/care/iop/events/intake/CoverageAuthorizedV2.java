package care.iop.events.intake;

import care.iop.events.EventData;
import care.iop.events.Nullable;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.intake.coverage.authorized.v2}: {@code coverage.authorized.v1} with what billing needs — a payer
 * authorised per-diem program units for a patient between two dates, under a billing rule set, with the payer's
 * authorization number (scheduling bills against it, issue #23). Published alongside v1, which is frozen, until v1's
 * consumers have moved. Key (subject): the patient id.
 *
 * @param payerRuleSet        the billing rule set that applies (scheduling's payer rule table id, e.g. {@code h0015});
 *                            null when intake was not told
 * @param authorizationNumber the payer's authorization number, for the claim; null when there is none
 */
public record CoverageAuthorizedV2(
        UUID coverageId,
        int authorizedUnits,
        LocalDate authorizedFrom,
        LocalDate authorizedTo,
        @Nullable String payerRuleSet,
        @Nullable String authorizationNumber) implements EventData {
}
