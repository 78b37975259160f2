package care.iop.medication.mar;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One line of the medication administration record (MAR). */
@Entity
public class Administration extends PanacheEntityBase {

    @Schema(name = "AdministrationOutcome", description = "What became of a dose")
    public enum Outcome {
        ADMINISTERED("administered"), REFUSED("refused"), HELD("held"), MISSED("missed");

        private final String value;

        Outcome(String value) {
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
    public UUID orderId;
    public UUID patientId;
    /** The scheduled dose this answers; null for a dose given outside any schedule. */
    public Instant scheduledFor;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    public Instant administeredAt;
    public BigDecimal dose;
    public String doseUnit;
    public String lot;
    public int takeHomeDoses;
    public String reasonCode;
    /** Null for a dose the service marked missed. */
    public UUID recordedBy;
    public Instant recordedAt;
}
