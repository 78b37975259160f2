package care.iop.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The measures of one clinic for every period from {@code from} to {@code to}, suppressed for sharing. */
@Schema(name = "MeasuresAnswer", description = "Program outcome measures of one clinic per period; counts 1-10 "
        + "are shown as \"<11\" and rates built on them are withheld (null).")
public record MeasuresAnswer(
        UUID clinicId,
        PeriodKind period,
        LocalDate from,
        LocalDate to,
        @Schema(description = "The track code the answer is limited to, or null for every track", nullable = true)
        String track,
        List<PeriodMeasures> periods) {

    @Schema(name = "PeriodMeasures", description = "The measures of one ISO week or calendar month")
    public record PeriodMeasures(
            @Schema(description = "2026-W05 (ISO week) or 2026-01 (month)") String label,
            LocalDate start,
            LocalDate end,
            @Schema(description = "Patients admitted on or before the period's last day and not discharged by it")
            String census,
            @Schema(description = "Admissions dated in the period") String admissions,
            @Schema(description = "Discharges dated in the period") String discharges,
            @Schema(description = "Discharges by TEDS-D reason code 1-7") List<ReasonCount> dischargesByReason,
            @Schema(description = "TEDS-D reason 1 (treatment completed) / all discharges", nullable = true)
            Double completionRate,
            LengthOfStay lengthOfStay,
            @Schema(description = "Discharges in the period followed by an admission within 30 days")
            Rate readmission30,
            @Schema(description = "Discharges in the period followed by an admission within 90 days")
            Rate readmission90,
            @Schema(description = "Sessions attended / sessions attended or missed without excuse")
            Rate attendance,
            @Schema(description = "Discharges in the period with a follow-up that reached the patient 1-7 days after "
                    + "the discharge date / discharges in the period (not transferred, not died, not readmitted "
                    + "within 30 days)")
            Rate followUp7,
            @Schema(description = "As followUp7 with a follow-up 1-30 days after the discharge date")
            Rate followUp30,
            @Schema(description = "Drug screens resulted in the period with an unexpected positive / drug screens "
                    + "resulted in the period")
            Rate unexpectedPositiveScreens,
            @Schema(description = "Relapse-risk flags raised in the period") String relapseRiskFlags) {
    }

    @Schema(name = "ReasonCount", description = "Discharges with one TEDS-D reason code")
    public record ReasonCount(int reason, String count) {
    }

    @Schema(name = "Rate", description = "A rate with its (suppressed) numerator and denominator")
    public record Rate(String numerator, String denominator,
                       @Schema(description = "Withheld (null) when a part is 1-10, or when the denominator is 0",
                               nullable = true) Double rate) {
    }

    @Schema(name = "LengthOfStay", description = "Days from admission date to discharge date of the discharges in "
            + "the period whose admission is known; statistics withheld (null) for 1-10 stays")
    public record LengthOfStay(String stays,
                               @Schema(nullable = true) Double median,
                               @Schema(nullable = true) Double q1,
                               @Schema(nullable = true) Double q3) {
    }
}
