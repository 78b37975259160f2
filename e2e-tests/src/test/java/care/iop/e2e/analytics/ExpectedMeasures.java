package care.iop.e2e.analytics;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's own count of a cohort's monthly measures, from what the test did (not from events), written from the
 * definitions in docs/analytics.md and shown the way the answer shows them (counts 1–10 as "&lt;11", rates built on
 * them withheld). Compared with the service's answer field by field.
 */
final class ExpectedMeasures {

    private ExpectedMeasures() {
    }

    /** Per month label ({@code 2026-03}): the compared fields, as the answer's JSON would have them. */
    static Map<String, Map<String, Object>> monthly(List<Cohort.Stay> stays, YearMonth first, YearMonth last) {
        Map<String, Map<String, Object>> months = new LinkedHashMap<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            LocalDate start = m.atDay(1);
            LocalDate end = m.atEndOfMonth();
            List<Cohort.Stay> discharged = stays.stream().filter(s -> s.discharged() != null
                    && within(s.discharged(), start, end)).toList();
            int[] byReason = new int[8];
            discharged.forEach(s -> byReason[s.reason()]++);
            List<Long> days = discharged.stream().map(s -> s.discharged().toEpochDay() - s.admitted().toEpochDay())
                    .sorted().toList();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("census", count(stays.stream().filter(s -> !s.admitted().isAfter(end)
                    && (s.discharged() == null || s.discharged().isAfter(end))).count()));
            f.put("admissions", count(stays.stream().filter(s -> within(s.admitted(), start, end)).count()));
            f.put("discharges", count(discharged.size()));
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (int r = 1; r <= 7; r++) {
                reasons.add(Map.of("reason", r, "count", count(byReason[r])));
            }
            f.put("dischargesByReason", reasons);
            f.put("completionRate", rate(byReason[1], discharged.size()));
            boolean showStays = days.size() >= 11;
            Map<String, Object> los = new LinkedHashMap<>();
            los.put("stays", count(days.size()));
            los.put("median", showStays ? quantile(days, 0.5) : null);
            los.put("q1", showStays ? quantile(days, 0.25) : null);
            los.put("q3", showStays ? quantile(days, 0.75) : null);
            f.put("lengthOfStay", los);
            f.put("readmission30", rateObject(readmitted(discharged, stays, 30), discharged.size()));
            f.put("readmission90", rateObject(readmitted(discharged, stays, 90), discharged.size()));
            months.put(m.toString(), f);
        }
        return months;
    }

    /** The same fields read from the service's answer. */
    static Map<String, Map<String, Object>> answered(JsonNode answer) {
        Map<String, Map<String, Object>> months = new LinkedHashMap<>();
        for (JsonNode p : answer.path("periods")) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("census", p.path("census").asText());
            f.put("admissions", p.path("admissions").asText());
            f.put("discharges", p.path("discharges").asText());
            List<Map<String, Object>> reasons = new ArrayList<>();
            p.path("dischargesByReason").forEach(r -> reasons.add(Map.of("reason", r.path("reason").asInt(),
                    "count", r.path("count").asText())));
            f.put("dischargesByReason", reasons);
            f.put("completionRate", number(p.path("completionRate")));
            Map<String, Object> los = new LinkedHashMap<>();
            los.put("stays", p.path("lengthOfStay").path("stays").asText());
            for (String q : List.of("median", "q1", "q3")) {
                los.put(q, number(p.path("lengthOfStay").path(q)));
            }
            f.put("lengthOfStay", los);
            for (String r : List.of("readmission30", "readmission90")) {
                f.put(r, Map.of("numerator", p.path(r).path("numerator").asText(),
                        "denominator", p.path(r).path("denominator").asText(),
                        "rate", String.valueOf(number(p.path(r).path("rate")))));
            }
            months.put(p.path("label").asText(), f);
        }
        return months;
    }

    private static long readmitted(List<Cohort.Stay> discharged, List<Cohort.Stay> stays, int days) {
        return discharged.stream().filter(d -> stays.stream().anyMatch(s -> s.patientId().equals(d.patientId())
                && !s.admitted().isBefore(d.discharged()) && !s.admitted().isAfter(d.discharged().plusDays(days))))
                .count();
    }

    private static boolean within(LocalDate day, LocalDate start, LocalDate end) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    private static String count(long n) {
        return n >= 1 && n <= 10 ? "<11" : Long.toString(n);
    }

    private static Double rate(long numerator, long denominator) {
        boolean small = numerator >= 1 && numerator <= 10 || denominator >= 1 && denominator <= 10;
        return denominator == 0 || small ? null : BigDecimal.valueOf(numerator)
                .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP).doubleValue();
    }

    private static Map<String, Object> rateObject(long numerator, long denominator) {
        return Map.of("numerator", count(numerator), "denominator", count(denominator),
                "rate", String.valueOf(rate(numerator, denominator)));
    }

    /** Percentile with linear interpolation between closest ranks (R type 7), computed here on its own. */
    private static Double quantile(List<Long> sorted, double p) {
        double position = 1 + (sorted.size() - 1) * p;
        int below = (int) position;
        double fraction = position - below;
        double low = sorted.get(below - 1);
        double high = below < sorted.size() ? sorted.get(below) : low;
        return low + fraction * (high - low);
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }
}
