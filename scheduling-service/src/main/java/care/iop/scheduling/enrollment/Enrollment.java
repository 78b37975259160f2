package care.iop.scheduling.enrollment;

import care.iop.events.scheduling.EnrollmentEndReason;
import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's enrollment in a program track's sessions, from admission to discharge. */
@Entity
public class Enrollment extends PanacheEntityBase {

    @Schema(name = "EnrollmentStatus")
    public enum Status {
        /** Booked into the track's sessions. */
        ACTIVE("active"),
        /** Admitted to a track code this clinic has not set up yet; enrolled when the track is created. */
        PENDING_TRACK("pending-track"),
        /** A closed group that already started: waits for the next cohort start date. */
        WAITING_FOR_COHORT("waiting-for-cohort"),
        ENDED("ended");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID trackId;
    public String trackCode;
    public UUID admissionId;
    public LocalDate startDate;
    public LocalDate endDate;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    public EnrollmentEndReason endReason;
    public int consecutiveUnexcused;
    /** What was booked when the enrollment became active ({@link FirstBooking}); null until then. */
    public LocalDate bookedFrom;
    public Integer heldSessionsBooked;
    public Integer upcomingSessionsBooked;
    public Integer sessionsWaitlisted;
    public Integer sessionsNotBooked;
    public Instant createdAt;
    @Version
    public long version;

    /** What was booked when the enrollment became active, or null while it waits for its track or cohort. */
    public FirstBooking firstBooking() {
        return bookedFrom == null ? null : new FirstBooking(bookedFrom, heldSessionsBooked, upcomingSessionsBooked,
                sessionsWaitlisted, sessionsNotBooked);
    }

    void firstBooking(FirstBooking booked) {
        bookedFrom = booked.bookedFrom();
        heldSessionsBooked = booked.heldSessions();
        upcomingSessionsBooked = booked.upcomingSessions();
        sessionsWaitlisted = booked.waitlisted();
        sessionsNotBooked = booked.notBooked();
    }
}
