package care.iop.analytics;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the event stream has told us about one patient (the record key), as ids, codes and dates only. Facts are
 * kept by their natural id (admission, discharge, session), so a fact told twice is kept once and the order in
 * which facts arrive, across topics, does not matter: the measures are computed from the whole set.
 */
public record PatientFacts(Map<String, Admission> admissions, Map<String, Discharge> discharges,
                           Map<String, Attendance> attendance, Map<String, FollowUp> followUps,
                           Map<String, Screen> screens, Map<String, RiskFlag> riskFlags) {

    public PatientFacts {
        admissions = new TreeMap<>(admissions == null ? Map.of() : admissions);
        discharges = new TreeMap<>(discharges == null ? Map.of() : discharges);
        attendance = new TreeMap<>(attendance == null ? Map.of() : attendance);
        followUps = new TreeMap<>(followUps == null ? Map.of() : followUps);
        screens = new TreeMap<>(screens == null ? Map.of() : screens);
        riskFlags = new TreeMap<>(riskFlags == null ? Map.of() : riskFlags);
    }

    public static PatientFacts empty() {
        return new PatientFacts(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    private PatientFacts copy() {
        return new PatientFacts(admissions, discharges, attendance, followUps, screens, riskFlags);
    }

    public PatientFacts with(Admission a) {
        PatientFacts copy = copy();
        copy.admissions().put(a.admissionId(), a);
        return copy;
    }

    public PatientFacts with(Discharge d) {
        PatientFacts copy = copy();
        copy.discharges().put(d.dischargeId(), d);
        return copy;
    }

    /**
     * One outcome per session. If both an attendance and a miss are told for the same session, the attendance
     * stands whichever arrived first (and of two misses, the unexcused one), so arrival order cannot change it.
     */
    public PatientFacts with(Attendance a) {
        PatientFacts copy = copy();
        copy.attendance().merge(a.sessionId(), a, (old, told) -> rank(told) > rank(old) ? told : old);
        return copy;
    }

    /**
     * One outcome per follow-up: a reached contact stands over one not reached, and of two of the same kind the
     * earlier date, so a follow-up told twice, or told again with another outcome, gives one fact in any order.
     */
    public PatientFacts with(FollowUp f) {
        PatientFacts copy = copy();
        copy.followUps().merge(f.followUpId(), f, (old, told) -> told.reached() != old.reached()
                ? (told.reached() ? told : old) : (told.date().isBefore(old.date()) ? told : old));
        return copy;
    }

    /** One result per screen: if a screen is told twice with different results, the unexpected positive stands. */
    public PatientFacts with(Screen s) {
        PatientFacts copy = copy();
        copy.screens().merge(s.screenId(), s, (old, told) -> told.unexpectedPositive() && !old.unexpectedPositive()
                ? told : old);
        return copy;
    }

    public PatientFacts with(RiskFlag r) {
        PatientFacts copy = copy();
        copy.riskFlags().merge(r.flagId(), r, (old, told) -> told.date().isBefore(old.date()) ? told : old);
        return copy;
    }

    private static int rank(Attendance a) {
        return a.attended() ? 2 : a.excused() ? 0 : 1;
    }

    /** From {@code care.iop.intake.patient.admitted.v1}. */
    public record Admission(String admissionId, String clinicId, String trackCode, LocalDate date) {
    }

    /** From {@code care.iop.aftercare.patient.discharged.v1}; {@code reason} is the TEDS-D reason code 1–7. */
    public record Discharge(String dischargeId, String clinicId, int reason, LocalDate date) {
    }

    /**
     * From {@code care.iop.scheduling.session.attended.v1} ({@code attended}) or {@code …session.missed.v1}
     * (not attended, {@code excused} as recorded); {@code date} is the session's start date in UTC.
     */
    public record Attendance(String sessionId, String clinicId, boolean attended, boolean excused, LocalDate date) {
    }

    /**
     * From {@code care.iop.aftercare.follow-up.completed.v1}: {@code reached} when its outcome is {@code reached};
     * {@code date} is the UTC date of {@code completedAt}.
     */
    public record FollowUp(String followUpId, String clinicId, boolean reached, LocalDate date) {
    }

    /** From {@code care.iop.medication.drug-screen.resulted.v1}; {@code date} is the UTC date of {@code resultedAt}. */
    public record Screen(String screenId, String clinicId, boolean unexpectedPositive, LocalDate date) {
    }

    /** From {@code care.iop.aftercare.relapse-risk.flagged.v1}; {@code date} is the UTC date of {@code flaggedAt}. */
    public record RiskFlag(String flagId, String clinicId, LocalDate date) {
    }
}
