package care.iop.analytics;

import care.iop.analytics.MeasuresAnswer.PeriodMeasures;
import care.iop.analytics.MeasuresAnswer.Rate;

import java.util.ArrayList;
import java.util.List;

/** The CSV form of an answer: one line per period, the same (suppressed) values as the JSON. */
public final class MeasuresCsv {

    private MeasuresCsv() {
    }

    public static String write(MeasuresAnswer answer) {
        List<String> header = new ArrayList<>(List.of("clinic_id", "track", "period", "start", "end", "census",
                "admissions", "discharges"));
        for (int reason = 1; reason <= 7; reason++) {
            header.add("discharges_reason_" + reason);
        }
        header.addAll(List.of("completion_rate", "stays", "los_median", "los_q1", "los_q3", "readmission30",
                "readmission30_rate", "readmission90", "readmission90_rate", "attended", "scheduled",
                "attendance_rate", "follow_up7", "follow_up_discharges", "follow_up7_rate", "follow_up30",
                "follow_up30_rate", "screens", "unexpected_positive_screens", "unexpected_positive_rate",
                "relapse_risk_flags", "hours_target_met", "hours_target_weeks", "hours_target_rate",
                "iet_initiated", "iet_episodes", "iet_initiation_rate", "iet_engaged", "iet_engagement_rate",
                "phq9_response6", "phq9_cohort6", "phq9_response6_rate", "phq9_remission6", "phq9_remission6_rate",
                "phq9_response12", "phq9_cohort12", "phq9_response12_rate", "phq9_remission12",
                "phq9_remission12_rate", "phq9_response_discharge", "phq9_discharges", "phq9_response_discharge_rate",
                "phq9_remission_discharge", "phq9_remission_discharge_rate", "mat_continued", "mat_discharges",
                "mat_continuity_rate", "notes_late", "notes_signed", "notes_late_rate", "notes_overdue",
                "relapse_risk_flags_acknowledged", "relapse_risk_flags_raised_acknowledged",
                "relapse_risk_flags_raised_acknowledged_rate", "median_hours_to_acknowledge"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append("\r\n");
        for (PeriodMeasures p : answer.periods()) {
            List<String> row = new ArrayList<>(List.of(answer.clinicId().toString(),
                    answer.track() == null ? "" : quote(answer.track()), p.label(), p.start().toString(),
                    p.end().toString(), p.census(), p.admissions(), p.discharges()));
            p.dischargesByReason().forEach(r -> row.add(r.count()));
            row.add(text(p.completionRate()));
            row.add(p.lengthOfStay().stays());
            row.add(text(p.lengthOfStay().median()));
            row.add(text(p.lengthOfStay().q1()));
            row.add(text(p.lengthOfStay().q3()));
            addRate(row, p.readmission30(), false);
            addRate(row, p.readmission90(), false);
            addRate(row, p.attendance(), true);
            addRate(row, p.followUp7(), true);
            addRate(row, p.followUp30(), false);
            row.add(p.unexpectedPositiveScreens().denominator());
            addRate(row, p.unexpectedPositiveScreens(), false);
            row.add(p.relapseRiskFlags());
            addRate(row, p.hoursTarget(), true);
            addRate(row, p.ietInitiation(), true);
            addRate(row, p.ietEngagement(), false);
            addRate(row, p.phq9Response6(), true);
            addRate(row, p.phq9Remission6(), false);
            addRate(row, p.phq9Response12(), true);
            addRate(row, p.phq9Remission12(), false);
            addRate(row, p.phq9ResponseAtDischarge(), true);
            addRate(row, p.phq9RemissionAtDischarge(), false);
            addRate(row, p.matContinuity(), true);
            addRate(row, p.notesSignedLate(), true);
            row.add(p.notesOverdue());
            row.add(p.relapseRiskFlagsAcknowledged());
            addRate(row, p.relapseRiskFlagsRaisedAcknowledged(), false);
            row.add(text(p.medianHoursToAcknowledge()));
            csv.append(String.join(",", row)).append("\r\n");
        }
        return csv.toString();
    }

    private static void addRate(List<String> row, Rate rate, boolean withDenominator) {
        row.add(rate.numerator());
        if (withDenominator) {
            row.add(rate.denominator());
        }
        row.add(text(rate.rate()));
    }

    private static String text(Double value) {
        return value == null ? "" : value.toString();
    }

    /** Track codes are codes, but quote defensively (RFC 4180). */
    private static String quote(String value) {
        return value.matches("[A-Za-z0-9._-]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
