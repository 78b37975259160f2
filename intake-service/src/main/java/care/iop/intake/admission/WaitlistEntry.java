package care.iop.intake.admission;

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

@Entity
public class WaitlistEntry extends PanacheEntityBase {

    /** Where a waitlist entry stands; the wire values are kebab-case ({@code offered}), the column keeps the names. */
    @Schema(name = "WaitlistStatus")
    public enum Status {
        WAITING("waiting"),
        OFFERED("offered"),
        ADMITTED("admitted"),
        DECLINED("declined");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        /** The wire value. */
        @JsonValue
        public String value() {
            return value;
        }
    }

    @Id
    public UUID id;
    public UUID clinicId;
    public UUID patientId;
    public UUID referralId;
    public String trackCode;
    public Instant addedAt;
    public LocalDate expectedStart;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Instant offeredAt;
    @Version
    public long version;
}
