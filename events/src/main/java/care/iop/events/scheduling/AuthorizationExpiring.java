package care.iop.events.scheduling;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.scheduling.authorization.expiring.v1}: A payer authorization is running out (issue #23): after a
 * billable day was determined, its remaining units fell under the clinic's threshold, or it ends within 7 days of
 * that day. Announced once per authorization. Key (subject): the patient id.
 *
 * @param determinedDate the billable day whose determination found it expiring
 */
public record AuthorizationExpiring(
        UUID coverageId,
        String payerRuleSet,
        int authorizedUnits,
        int unitsRemaining,
        LocalDate authorizedTo,
        LocalDate determinedDate) implements EventData {
}
