package care.iop.medication.reconciliation;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** One home medication and what the prescriber decided about it. */
@Entity
public class ReconciliationItem extends PanacheEntityBase {

    @Schema(name = "ReconciliationDecision", description = "The prescriber's decision on a home medication")
    public enum Decision {
        CONTINUE("continue"), STOP("stop"), CHANGE("change");

        private final String value;

        Decision(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    @Id
    public UUID id;
    public UUID reconciliationId;
    public String medication;
    public String catalogueId;
    public String doseText;
    @Enumerated(EnumType.STRING)
    public Decision decision;
    public String note;
}
