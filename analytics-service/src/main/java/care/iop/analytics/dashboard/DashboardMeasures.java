package care.iop.analytics.dashboard;

import care.iop.analytics.MeasuresAnswer.LengthOfStay;
import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.analytics.MeasuresAnswer.Rate;

import java.util.List;

/**
 * What the dashboard shows, in order. A new measure of the answer is one line in a section here (a {@code Rate}:
 * {@code DashboardMeasure.rate(id, title, PeriodMeasures::field)}; a count: {@code DashboardMeasure.count(...)}).
 */
public final class DashboardMeasures {

    /** SAMHSA TEDS-D, IOP discharges (docs/clinical-reference.md): about 38 % completed, median stay 41 days. */
    public static final double TEDS_IOP_COMPLETION = 0.38;
    public static final double TEDS_IOP_MEDIAN_STAY_DAYS = 41;
    static final String TEDS_COMPLETION_LABEL = "TEDS-D national IOP: 38 % completed";
    static final String TEDS_STAY_LABEL = "TEDS-D national IOP: median 41 days";

    public static final DashboardMeasure CENSUS = DashboardMeasure.count("census", "Census", PeriodMeasures::census);
    public static final DashboardMeasure ADMISSIONS =
            DashboardMeasure.count("admissions", "Admissions", PeriodMeasures::admissions);
    public static final DashboardMeasure DISCHARGES =
            DashboardMeasure.count("discharges", "Discharges", PeriodMeasures::discharges);
    public static final DashboardMeasure COMPLETION = DashboardMeasure
            .ratio("completion-rate", "Completion rate", PeriodMeasures::completionRate, PeriodMeasures::discharges)
            .withReference(TEDS_IOP_COMPLETION, TEDS_COMPLETION_LABEL);
    public static final DashboardMeasure MEDIAN_STAY = DashboardMeasure
            .days("median-stay", "Median length of stay", p -> median(p.lengthOfStay()), DashboardMeasures::stays)
            .withReference(TEDS_IOP_MEDIAN_STAY_DAYS, TEDS_STAY_LABEL);
    public static final DashboardMeasure ATTENDANCE =
            DashboardMeasure.rate("attendance", "Attendance", PeriodMeasures::attendance);

    /** The headline tiles, for the latest complete period. */
    public static final List<DashboardMeasure> TILES = List.of(CENSUS, ADMISSIONS, COMPLETION, MEDIAN_STAY, ATTENDANCE);

    /** One section of trend charts. */
    public record Section(String id, String title, List<DashboardMeasure> measures, String whenEmpty) {
    }

    public static final List<Section> SECTIONS = List.of(
            new Section("flow", "Census and flow", List.of(CENSUS, ADMISSIONS, DISCHARGES), null),
            new Section("outcomes", "Outcomes", List.of(COMPLETION, MEDIAN_STAY,
                    DashboardMeasure.rate("readmission-30", "Readmitted within 30 days", PeriodMeasures::readmission30),
                    DashboardMeasure.rate("readmission-90", "Readmitted within 90 days", PeriodMeasures::readmission90)),
                    null),
            new Section("engagement", "Engagement", List.of(ATTENDANCE,
                    DashboardMeasure.rate("hours-target", "Weeks meeting the track's hours target",
                            PeriodMeasures::hoursTarget)),
                    null),
            // IET (after HEDIS IET): a section of its own; the note shows if its measures are ever taken out.
            new Section("iet", "Initiation and engagement (IET)", List.of(
                    DashboardMeasure.rate("iet-initiation", "IET initiation", PeriodMeasures::ietInitiation),
                    DashboardMeasure.rate("iet-engagement", "IET engagement", PeriodMeasures::ietEngagement)),
                    "IET rates are not measured yet; they will appear here when the measures include them."),
            new Section("phq9", "Depression (PHQ-9)", List.of(
                    DashboardMeasure.rate("phq9-response-discharge", "PHQ-9 response at discharge",
                            PeriodMeasures::phq9ResponseAtDischarge),
                    DashboardMeasure.rate("phq9-remission-discharge", "PHQ-9 remission at discharge",
                            PeriodMeasures::phq9RemissionAtDischarge),
                    DashboardMeasure.rate("phq9-response-6", "PHQ-9 response at 6 months", PeriodMeasures::phq9Response6),
                    DashboardMeasure.rate("phq9-remission-6", "PHQ-9 remission at 6 months",
                            PeriodMeasures::phq9Remission6),
                    DashboardMeasure.rate("phq9-response-12", "PHQ-9 response at 12 months",
                            PeriodMeasures::phq9Response12),
                    DashboardMeasure.rate("phq9-remission-12", "PHQ-9 remission at 12 months",
                            PeriodMeasures::phq9Remission12)),
                    null),
            new Section("after-discharge", "After discharge", List.of(
                    DashboardMeasure.rate("follow-up-7", "Follow-up within 7 days", PeriodMeasures::followUp7),
                    DashboardMeasure.rate("follow-up-30", "Follow-up within 30 days", PeriodMeasures::followUp30),
                    DashboardMeasure.rate("mat-continuity", "MAT continuity at discharge",
                            PeriodMeasures::matContinuity)),
                    null),
            new Section("safety", "Screens and risk", List.of(
                    DashboardMeasure.rate("unexpected-positive-screens", "Unexpected positive drug screens",
                            PeriodMeasures::unexpectedPositiveScreens),
                    DashboardMeasure.count("relapse-risk-flags", "Relapse-risk flags raised",
                            PeriodMeasures::relapseRiskFlags),
                    DashboardMeasure.count("relapse-risk-flags-acknowledged", "Relapse-risk flags acknowledged",
                            PeriodMeasures::relapseRiskFlagsAcknowledged),
                    DashboardMeasure.rate("relapse-risk-flags-raised-acknowledged",
                            "Flags raised that are acknowledged", PeriodMeasures::relapseRiskFlagsRaisedAcknowledged),
                    DashboardMeasure.hours("hours-to-acknowledge", "Median hours to acknowledge a flag",
                            PeriodMeasures::medianHoursToAcknowledge, DashboardMeasures::flagsAcknowledged)),
                    null),
            new Section("documentation", "Documentation", List.of(
                    DashboardMeasure.rate("notes-signed-late", "Notes signed late", PeriodMeasures::notesSignedLate),
                    DashboardMeasure.count("notes-overdue", "Session notes overdue", PeriodMeasures::notesOverdue)),
                    null));

    private DashboardMeasures() {
    }

    private static Double median(LengthOfStay stay) {
        return stay == null ? null : stay.median();
    }

    private static String flagsAcknowledged(PeriodMeasures p) {
        Rate r = p.relapseRiskFlagsRaisedAcknowledged();
        return r == null ? "0" : r.numerator();
    }

    private static String stays(PeriodMeasures p) {
        return p.lengthOfStay() == null ? "0" : p.lengthOfStay().stays();
    }
}
