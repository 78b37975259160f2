package care.iop.medication.order;

import care.iop.events.medication.DeaSchedule;
import care.iop.medication.safety.Severity;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the order endpoints. */
public final class OrderApi {

    public static final String CODE = "[a-z0-9][a-z0-9.-]{0,63}";
    static final String ICD10 = "[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?";

    private OrderApi() {
    }

    public enum Frequency {
        ONCE("once"), DAILY("daily"), BID("bid"), TID("tid"), QID("qid"), QHS("qhs"), WEEKLY("weekly"),
        MONTHLY("monthly"), PRN("prn");

        private final String value;

        Frequency(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** A prescriber's answer to a safety finding: acknowledging a warning, or overriding a contraindication. */
    public record Resolution(@NotNull @Pattern(regexp = CODE) String rule, @NotNull @Pattern(regexp = CODE) String reasonCode,
                             @Size(max = 2000) String note) {
    }

    /** Observed dosing in clinic: times of day in the clinic's zone, each with a window to give it in. */
    public record AdministrationSchedule(@NotEmpty @Size(max = 6) List<@NotNull LocalTime> times,
                                         @NotBlank @Size(max = 64) String timeZone,
                                         @Min(15) @Max(720) Integer windowMinutes) {
    }

    public record OrderRequest(@NotNull @Pattern(regexp = CODE) String medicationId,
                               @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000") BigDecimal dose,
                               @NotNull @Pattern(regexp = "mg|mcg|g|mL|tablet|film|patch|piece|spray|unit") String doseUnit,
                               @NotNull @Pattern(regexp = "[a-z]{2,20}") String route, @NotNull Frequency frequency,
                               @NotNull LocalDate startDate, LocalDate endDate,
                               @NotNull @Pattern(regexp = ICD10) String indication, Boolean matProgram,
                               LocalDate pdmpCheckedOn, @Valid AdministrationSchedule administration,
                               @Size(max = 10) List<@NotNull @Valid Resolution> acknowledgements,
                               @Size(max = 10) List<@NotNull @Valid Resolution> overrides) {
    }

    /**
     * @param effectiveDate the day the medication was stopped, when earlier than today (e.g. the patient stopped
     *                      taking it last week); today by default; never in the future nor before the start date
     */
    public record DiscontinueRequest(@NotNull @Pattern(regexp = CODE) String reasonCode, LocalDate effectiveDate) {
    }

    public record DischargeDecision(@NotNull MedicationOrder.DischargeReview decision,
                                    @NotNull @Pattern(regexp = CODE) String reasonCode) {
    }

    public record FindingView(String rule, Severity severity, UUID conflictingOrderId, String detail,
                              String resolution, String reasonCode) {
    }

    public record HistoryView(String action, Instant at, UUID actor, String reasonCode) {
    }

    public record OrderView(UUID id, UUID patientId, String medicationId, String rxnorm, String medicationClass,
                            DeaSchedule deaSchedule, boolean mat, boolean matProgram, BigDecimal dose, String doseUnit,
                            String route, String frequency, LocalDate startDate, LocalDate endDate,
                            LocalDate discontinuedOn, String indication,
                            UUID prescriberId, LocalDate pdmpCheckedOn, MedicationOrder.Status status,
                            List<LocalTime> administrationTimes, String administrationZone, Integer windowMinutes,
                            MedicationOrder.DischargeReview dischargeReview, List<FindingView> safetyFindings,
                            List<HistoryView> history, long version) {
    }

    public record AllergyRequest(@NotNull @Pattern(regexp = CODE) String substance, @Size(max = 500) String reaction,
                                 @NotNull @Pattern(regexp = "mild|moderate|severe") String severity) {
    }

    public record AllergyView(UUID id, String substance, String reaction, String severity, Instant recordedAt) {
    }
}
