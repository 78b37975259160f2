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
                           Map<String, Attendance> attendance) {

    public PatientFacts {
        admissions = new TreeMap<>(admissions == null ? Map.of() : admissions);
        discharges = new TreeMap<>(discharges == null ? Map.of() : discharges);
        attendance = new TreeMap<>(attendance == null ? Map.of() : attendance);
    }

    public static PatientFacts empty() {
        return new PatientFacts(Map.of(), Map.of(), Map.of());
    }

    public PatientFacts with(Admission a) {
        PatientFacts copy = new PatientFacts(admissions, discharges, attendance);
        copy.admissions().put(a.admissionId(), a);
        return copy;
    }

    public PatientFacts with(Discharge d) {
        PatientFacts copy = new PatientFacts(admissions, discharges, attendance);
        copy.discharges().put(d.dischargeId(), d);
        return copy;
    }

    /**
     * One outcome per session. If both an attendance and a miss are told for the same session, the attendance
     * stands whichever arrived first (and of two misses, the unexcused one), so arrival order cannot change it.
     */
    public PatientFacts with(Attendance a) {
        PatientFacts copy = new PatientFacts(admissions, discharges, attendance);
        copy.attendance().merge(a.sessionId(), a, (old, told) -> rank(told) > rank(old) ? told : old);
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
}
