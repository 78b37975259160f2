package care.iop.scheduling.booking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A patient booked into (or waiting for) a session, and their attendance once recorded. */
@Entity
public class Booking extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID sessionId;
    public UUID patientId;
    public UUID enrollmentId;
    /** The session's times, copied so patient overlap checks need no join. */
    public Instant startsAt;
    public Instant endsAt;
    @Enumerated(EnumType.STRING)
    public BookingStatus status;
    @Enumerated(EnumType.STRING)
    public Attendance attendance;
    public Integer minutesAttended;
    public Instant recordedAt;
    public String recordedBy;
    /** Attendance recorded after the day of the session. */
    public boolean lateEntry;
    public String statusReason;
    public Instant createdAt;
    @Version
    public long version;
}
