package care.iop.scheduling.billing;

import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Scheduling's recorded attendance as the billing rules read it: a booking attended for {@code minutesAttended}
 * is one piece from the session's start to start + minutes (a late arrival is counted from the start too: the
 * booking records minutes, not the time the patient came in), of the session's kind, by telehealth when the
 * session is. A skills group is no piece: whether a payer counts it as group therapy is not settled
 * (docs/billing.md).
 */
public final class AttendedPieces {

    private AttendedPieces() {
    }

    /** The billing kind of a session kind; empty for a kind billing does not count. */
    public static Optional<ServiceKind> kind(SessionKind kind) {
        return switch (kind) {
            case GROUP_THERAPY -> Optional.of(ServiceKind.GROUP_THERAPY);
            case PSYCHOEDUCATION -> Optional.of(ServiceKind.PSYCHOEDUCATION);
            case INDIVIDUAL_THERAPY -> Optional.of(ServiceKind.INDIVIDUAL_THERAPY);
            case FAMILY_THERAPY -> Optional.of(ServiceKind.FAMILY_THERAPY);
            case MEDICATION_MANAGEMENT -> Optional.of(ServiceKind.MEDICATION_MANAGEMENT);
            case SKILLS_GROUP -> Optional.empty();
        };
    }

    /** The piece a booking attended for {@code minutesAttended} makes; empty for no minutes or an uncounted kind. */
    public static Optional<AttendedService> piece(UUID patientId, UUID sessionId, SessionKind kind, Modality modality,
                                                  Instant sessionStart, int minutesAttended) {
        if (minutesAttended <= 0) {
            return Optional.empty();
        }
        return kind(kind).map(k -> new AttendedService(patientId.toString(), sessionId.toString(), k, sessionStart,
                sessionStart.plusSeconds(60L * minutesAttended), modality == Modality.TELEHEALTH));
    }
}
