package care.iop.aftercare.risk;

import care.iop.events.aftercare.RiskFactor;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A relapse-risk flag: on the case managers' worklist until one acknowledges it with the action taken. */
@Entity
public class RiskFlag extends PanacheEntityBase {

    @Schema(name = "RiskFlagStatus", description = "A relapse-risk flag's status")
    public enum Status {
        OPEN("open"), ACKNOWLEDGED("acknowledged");

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
    public BigDecimal score;
    public BigDecimal threshold;
    public String ruleVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<RiskFactor> factors;
    public Instant flaggedAt;
    @Enumerated(EnumType.STRING)
    public Status status;
    public UUID acknowledgedBy;
    public Instant acknowledgedAt;
    public String actionCode;
    @Version
    public long version;
}
