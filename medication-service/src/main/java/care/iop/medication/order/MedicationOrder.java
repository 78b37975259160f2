package care.iop.medication.order;

import care.iop.events.medication.DeaSchedule;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A medication order. What the catalogue said at ordering time is copied in, so later catalogue versions do not rewrite history. */
@Entity
public class MedicationOrder extends PanacheEntityBase {

    @Schema(name = "MedicationOrderStatus", description = "A medication order's status")
    public enum Status {
        ACTIVE("active"), DISCONTINUED("discontinued");

        private final String value;

        Status(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** After the patient's discharge, each active order waits for a prescriber's decision. */
    public enum DischargeReview {
        PENDING("pending"), CONTINUED("continued"), DISCONTINUED("discontinued");

        private final String value;

        DischargeReview(String value) {
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
    public String catalogueId;
    public String rxnorm;
    public String medicationClass;
    @Enumerated(EnumType.STRING)
    public DeaSchedule deaSchedule;
    public boolean mat;
    public boolean matProgram;
    public BigDecimal dose;
    public String doseUnit;
    public String route;
    public String frequency;
    public LocalDate startDate;
    public LocalDate endDate;
    /** Effective date of the discontinuation (a clinical date, possibly before it was recorded); null while active. */
    public LocalDate discontinuedOn;
    public String indication;
    public UUID prescriberId;
    public LocalDate pdmpCheckedOn;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Observed-dose times of day ("09:00,21:00") in {@link #administrationZone}; null when not given in clinic. */
    public String administrationTimes;
    public String administrationZone;
    public Integer windowMinutes;
    /** Missed-dose detection has looked at scheduled doses up to here. */
    public Instant missedCheckedUntil;
    @Enumerated(EnumType.STRING)
    public DischargeReview dischargeReview;
    public String catalogueVersion;
    public String rulesVersion;
    public Instant createdAt;
    @Version
    public long version;

    public List<LocalTime> times() {
        return administrationTimes == null ? List.of()
                : Arrays.stream(administrationTimes.split(",")).map(LocalTime::parse).sorted().toList();
    }
}
