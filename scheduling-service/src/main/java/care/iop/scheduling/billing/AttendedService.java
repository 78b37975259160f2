package care.iop.scheduling.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time a patient actually attended: one session attended in full, or the part attended of a session
 * left early or joined late (several pieces of one session share its {@code serviceId}).
 *
 * @param serviceId  the session the piece belongs to; a day's distinct services are its distinct countable ids
 * @param telehealth whether the patient attended this piece by real-time audio and video rather than in person
 */
public record AttendedService(String patientId, String serviceId, ServiceKind kind, Instant start, Instant end,
                              boolean telehealth) {

    public AttendedService {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("attended service " + serviceId + " ends (" + end
                    + ") before it starts (" + start + ")");
        }
    }
}
