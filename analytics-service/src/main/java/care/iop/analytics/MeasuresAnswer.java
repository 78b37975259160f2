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
            @Schema(description = "Relapse-risk flags raised in the period") String relapseRiskFlags,
            @Schema(description = "Enrollment weeks starting in the period with attended hours at or above the "
                    + "track's target / enrollment weeks starting in the period that were judged")
            Rate hoursTarget,
            @Schema(description = "After HEDIS IET, not a certified measure: new episodes (assessment) in the period "
                    + "with a treatment service on the index day or the 13 days after / new episodes in the period")
            Rate ietInitiation,
            @Schema(description = "After HEDIS IET: new episodes initiated and then engaged (two more services on "
                    + "other days, or a MAT order, 1-34 days after initiation) / new episodes in the period")
            Rate ietEngagement,
            @Schema(description = "Patients whose first PHQ-9 above 9 is in the period with the latest PHQ-9 at "
                    + "6 months (+/- 60 days) at most half of it / those patients (after NQF 1884)")
            Rate phq9Response6,
            @Schema(description = "As phq9Response6 with the latest PHQ-9 below 5 (after NQF 0711)")
            Rate phq9Remission6,
            @Schema(description = "As phq9Response6 at 12 months +/- 60 days (after NQF 1885)")
            Rate phq9Response12,
            @Schema(description = "As phq9Remission6 at 12 months +/- 60 days (after NQF 0710)")
            Rate phq9Remission12,
            @Schema(description = "Discharges in the period with a stay baseline PHQ-9 above 9 whose latest PHQ-9 "
                    + "by the discharge date is at most half of it / those discharges")
            Rate phq9ResponseAtDischarge,
            @Schema(description = "As phq9ResponseAtDischarge with the latest PHQ-9 below 5")
            Rate phq9RemissionAtDischarge,
            @Schema(description = "Discharges in the period with an active MAT order whose discharge plan names who "
                    + "continues MAT / discharges in the period with an active MAT order")
            Rate matContinuity,
            @Schema(description = "Notes signed late in the period / notes signed in the period")
            Rate notesSignedLate,
            @Schema(description = "Session notes of a patient overdue (due) in the period") String notesOverdue,
            @Schema(description = "Relapse-risk flags acknowledged in the period")
            String relapseRiskFlagsAcknowledged,
            @Schema(description = "Relapse-risk flags raised in the period that are acknowledged (so far) / flags "
                    + "raised in the period")
            Rate relapseRiskFlagsRaisedAcknowledged,
            @Schema(description = "Median hours from flag to acknowledgement of the flags raised in the period and "
                    + "acknowledged; withheld (null) for 1-10 flags", nullable = true)
            Double medianHoursToAcknowledge) {
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
