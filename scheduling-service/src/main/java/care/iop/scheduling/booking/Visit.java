package care.iop.scheduling.booking;

import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionKind;
import care.iop.scheduling.session.Session;
import care.iop.scheduling.session.SessionStatus;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * One patient's booking with the facts of its session, as the FHIR faces show it (an Appointment for every booking,
 * an Encounter once attendance is recorded). {@code version} grows whenever the booking or its session changes: it
 * is the sum of their versions, both of which only grow.
 */
public record Visit(UUID bookingId, UUID patientId, UUID enrollmentId, UUID sessionId, SessionKind kind,
                    Modality modality, List<UUID> facilitatorIds, ZoneId zone, Instant startsAt, Instant endsAt,
                    SessionStatus sessionStatus, BookingStatus status, Attendance attendance,
                    Integer minutesAttended, String statusReason, Instant createdAt, Instant recordedAt,
                    long version) {

    public Visit {
        facilitatorIds = List.copyOf(facilitatorIds);
    }

    static Visit of(Booking b, Session s) {
        return new Visit(b.id, b.patientId, b.enrollmentId, s.id, s.kind, s.modality, s.facilitatorIds, s.zone(),
                s.startsAt, s.endsAt, s.status, b.status, b.attendance, b.minutesAttended, b.statusReason,
                b.createdAt, b.recordedAt, b.version + s.version);
    }

    /** Whether attendance was recorded: the patient came (for some or all of it) or did not. */
    public boolean recorded() {
        return attendance != null;
    }
}
