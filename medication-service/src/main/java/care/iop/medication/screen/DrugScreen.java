package care.iop.medication.screen;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A drug screen: ordered by a prescriber, collected and resulted by a nurse. */
@Entity
public class DrugScreen extends PanacheEntityBase {

    @Schema(name = "DrugScreenStatus", description = "A drug screen's status")
    public enum Status {
        ORDERED("ordered"), COLLECTED("collected"), RESULTED("resulted");

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
    public String specimen;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> panel = new ArrayList<>();
    @Enumerated(EnumType.STRING)
    public Status status;
    public UUID orderedBy;
    public Instant orderedAt;
    public UUID collectedBy;
    public Instant collectedAt;
    public UUID resultedBy;
    public Instant resultedAt;
    public Boolean unexpectedPositive;
    @Version
    public long version;
}
