package care.iop.aftercare.followup;

import care.iop.events.aftercare.FollowUpOutcome;
import care.iop.events.aftercare.RecoveryStatus;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A post-discharge contact due on a date in the clinic's time zone. */
@Entity
public class FollowUp extends PanacheEntityBase {

    @Schema(name = "FollowUpStatus", description = "A follow-up's status")
    public enum Status {
        SCHEDULED("scheduled"), DUE("due"), COMPLETED("completed");

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
    public UUID episodeId;
    /** day-7, day-30…, iet-initiation-14, iet-engagement-34. */
    public String kind;
    public LocalDate dueDate;
    public String timeZone;
    @Enumerated(EnumType.STRING)
    public Status status;
    public boolean dueNotified;
    @Enumerated(EnumType.STRING)
    public FollowUpOutcome outcome;
    @Enumerated(EnumType.STRING)
    public RecoveryStatus recoveryStatus;
    public Integer phq9Total;
    /** At the IET initiation check: whether treatment started within 14 days of discharge. */
    public Boolean ietInitiated;
    /** At the IET engagement check: further services within 34 days (engaged at 2 or more). */
    public Integer ietEngagementVisits;
    public Instant completedAt;
    public UUID completedBy;
    @Version
    public long version;
}
