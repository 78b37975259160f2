package care.iop.events.aftercare;

import care.iop.events.EventData;

import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code care.iop.aftercare.follow-up.due.v1}: An aftercare follow-up contact became due. Key (subject): the
 * patient id.
 */
public record FollowUpDue(
        UUID followUpId,
        String kind,
        LocalDate dueDate) implements EventData {
}
