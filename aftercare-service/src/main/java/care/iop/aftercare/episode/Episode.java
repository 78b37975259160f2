package care.iop.aftercare.episode;

import care.iop.events.LevelOfCare;
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

/** An episode of care: opened by an admission, closed by the discharge. */
@Entity
public class Episode extends PanacheEntityBase {

    @Schema(name = "EpisodeStatus", description = "An episode of care's status")
    public enum Status {
        OPEN("open"), CLOSED("closed");

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
    public UUID admissionId;
    public LocalDate openedOn;
    public LocalDate closedOn;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    public LevelOfCare currentLevel;
    public Instant createdAt;
    @Version
    public long version;
}
