package care.iop.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * What the event stream has told us about one patient (the record key), as ids, codes and dates only. Facts are
 * kept by their natural id (admission, discharge, session, …), so a fact told twice is kept once and the order in
 * which facts arrive, across topics, does not matter: the measures are computed from the whole set. Where a fact
 * can change (a week judged again, a discharge plan changed), the one with the latest CloudEvents {@code time}
 * stands, whichever arrived last.
 */
public record PatientFacts(Map<String, Admission> admissions, Map<String, Discharge> discharges,
                           Map<String, Attendance> attendance, Map<String, FollowUp> followUps,
                           Map<String, Screen> screens, Map<String, RiskFlag> riskFlags,
                           Map<String, ComplianceWeek> complianceWeeks, Map<String, Assessment> assessments,
                           Map<String, Phq9> phq9, Map<String, MatOrder> matOrders,
                           Map<String, Discontinuation> discontinuations, Map<String, DischargePlan> dischargePlans,
                           Map<String, Note> notes, Map<String, NoteOverdue> overdueNotes,
                           Map<String, RiskAcknowledgement> riskAcknowledgements) {

    public PatientFacts {
        admissions = sorted(admissions);
        discharges = sorted(discharges);
        attendance = sorted(attendance);
        followUps = sorted(followUps);
        screens = sorted(screens);
        riskFlags = sorted(riskFlags);
        complianceWeeks = sorted(complianceWeeks);
        assessments = sorted(assessments);
        phq9 = sorted(phq9);
        matOrders = sorted(matOrders);
        discontinuations = sorted(discontinuations);
        dischargePlans = sorted(dischargePlans);
        notes = sorted(notes);
        overdueNotes = sorted(overdueNotes);
        riskAcknowledgements = sorted(riskAcknowledgements);
    }

    private static <T> Map<String, T> sorted(Map<String, T> facts) {
        return new TreeMap<>(facts == null ? Map.of() : facts);
    }

    public static PatientFacts empty() {
        return new PatientFacts(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    private PatientFacts copy() {
        return new PatientFacts(admissions, discharges, attendance, followUps, screens, riskFlags, complianceWeeks,
                assessments, phq9, matOrders, discontinuations, dischargePlans, notes, overdueNotes,
                riskAcknowledgements);
    }

    private static <T> PatientFacts add(PatientFacts facts, java.util.function.Function<PatientFacts, Map<String, T>> map,
                                        String id, T fact, BinaryOperator<T> keep) {
        PatientFacts copy = facts.copy();
        map.apply(copy).merge(id, fact, keep);
        return copy;
    }

    private static <T> BinaryOperator<T> earliest(Comparator<T> order) {
        return (old, told) -> order.compare(told, old) < 0 ? told : old;
    }

    public PatientFacts with(Admission a) {
        return add(this, PatientFacts::admissions, a.admissionId(), a, (old, told) -> told);
    }

    public PatientFacts with(Discharge d) {
        return add(this, PatientFacts::discharges, d.dischargeId(), d, (old, told) -> told);
    }

    /**
     * One outcome per session. If both an attendance and a miss are told for the same session, the attendance
     * stands whichever arrived first (and of two misses, the unexcused one), so arrival order cannot change it.
     */
    public PatientFacts with(Attendance a) {
        return add(this, PatientFacts::attendance, a.sessionId(), a, (old, told) -> rank(told) > rank(old) ? told : old);
    }

    /**
     * One outcome per follow-up: a reached contact stands over one not reached, and of two of the same kind the
     * earlier date, so a follow-up told twice, or told again with another outcome, gives one fact in any order.
     */
    public PatientFacts with(FollowUp f) {
        return add(this, PatientFacts::followUps, f.followUpId(), f, (old, told) -> told.reached() != old.reached()
                ? (told.reached() ? told : old) : (told.date().isBefore(old.date()) ? told : old));
    }

    /** One result per screen: if a screen is told twice with different results, the unexpected positive stands. */
    public PatientFacts with(Screen s) {
        return add(this, PatientFacts::screens, s.screenId(), s, (old, told) -> told.unexpectedPositive()
                && !old.unexpectedPositive() ? told : old);
    }

    public PatientFacts with(RiskFlag r) {
        return add(this, PatientFacts::riskFlags, r.flagId(), r, earliest(Comparator.comparing(RiskFlag::date)));
    }

    /** One judgement per enrollment week: the latest told (CloudEvents time, then event id) stands. */
    public PatientFacts with(ComplianceWeek w) {
        return add(this, PatientFacts::complianceWeeks, w.enrollmentId() + "/" + w.weekStart(), w,
                (old, told) -> ComplianceWeek.LATEST.compare(told, old) > 0 ? told : old);
    }

    public PatientFacts with(Assessment a) {
        return add(this, PatientFacts::assessments, a.assessmentId(), a, (old, told) -> told);
    }

    public PatientFacts with(Phq9 p) {
        return add(this, PatientFacts::phq9, p.screeningId(), p, (old, told) -> told);
    }

    public PatientFacts with(MatOrder m) {
        return add(this, PatientFacts::matOrders, m.orderId(), m, (old, told) -> told);
    }

    public PatientFacts with(Discontinuation d) {
        return add(this, PatientFacts::discontinuations, d.orderId(), d,
                earliest(Comparator.comparing(Discontinuation::date)));
    }

    /** One plan per plan id: the latest told (CloudEvents time, then event id) stands. */
    public PatientFacts with(DischargePlan p) {
        return add(this, PatientFacts::dischargePlans, p.planId(), p,
                (old, told) -> DischargePlan.LATEST.compare(told, old) > 0 ? told : old);
    }

    public PatientFacts with(Note n) {
        return add(this, PatientFacts::notes, n.noteId(), n, earliest(Comparator.comparing(Note::date)));
    }

    public PatientFacts with(NoteOverdue n) {
        return add(this, PatientFacts::overdueNotes, n.sessionId(), n, earliest(Comparator.comparing(NoteOverdue::date)));
    }

    public PatientFacts with(RiskAcknowledgement r) {
        return add(this, PatientFacts::riskAcknowledgements, r.flagId(), r,
                earliest(Comparator.comparing(RiskAcknowledgement::at)));
    }

    private static int rank(Attendance a) {
        return a.attended() ? 2 : a.excused() ? 0 : 1;
    }

    /** From {@code care.iop.intake.patient.admitted.v1}. */
    public record Admission(String admissionId, String clinicId, String trackCode, LocalDate date) {
    }

    /**
     * From {@code care.iop.aftercare.patient.discharged.v1}; {@code reason} is the TEDS-D reason code 1–7,
     * {@code episodeId} aftercare's episode (as on its discharge plans; null in facts kept before it was read).
     */
    public record Discharge(String dischargeId, String clinicId, int reason, LocalDate date, String episodeId) {
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

    /**
     * From {@code care.iop.aftercare.relapse-risk.flagged.v1}; {@code date} is the UTC date of {@code flaggedAt}
     * ({@code at}; null in facts kept before it was read).
     */
    public record RiskFlag(String flagId, String clinicId, LocalDate date, Instant at) {
    }

    /** From {@code care.iop.scheduling.attendance.compliance-changed.v1}: one enrollment's judged week. */
    public record ComplianceWeek(String enrollmentId, String clinicId, LocalDate weekStart, BigDecimal attendedHours,
                                 BigDecimal targetHours, Instant toldAt, String eventId) {
        static final Comparator<ComplianceWeek> LATEST = Comparator.comparing(ComplianceWeek::toldAt)
                .thenComparing(ComplianceWeek::eventId);

        boolean metTarget() {
            return attendedHours.compareTo(targetHours) >= 0;
        }
    }

    /** From {@code care.iop.intake.assessment.completed.v1}; {@code date} is the UTC date of {@code completedAt}. */
    public record Assessment(String assessmentId, String clinicId, LocalDate date) {
    }

    /** A PHQ-9 from {@code care.iop.intake.screening.completed.v1} (instrument PHQ-9): its total and time. */
    public record Phq9(String screeningId, String clinicId, int total, Instant at) {
        LocalDate date() {
            return at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
    }

    /** From {@code care.iop.medication.medication.prescribed.v1} with {@code mat: true}. */
    public record MatOrder(String orderId, String clinicId, LocalDate startDate) {
    }

    /**
     * From {@code care.iop.medication.medication.discontinued.v1} (any order: the event does not say whether it was
     * MAT); {@code date} is the UTC date of {@code discontinuedAt}.
     */
    public record Discontinuation(String orderId, String clinicId, LocalDate date) {
    }

    /** From {@code care.iop.aftercare.discharge.planned.v1}: who continues MAT ({@code matContinuityBy}, or null). */
    public record DischargePlan(String planId, String clinicId, String episodeId, String matContinuityBy,
                                Instant toldAt, String eventId) {
        static final Comparator<DischargePlan> LATEST = Comparator.comparing(DischargePlan::toldAt)
                .thenComparing(DischargePlan::eventId);

        boolean arrangesMat() {
            return matContinuityBy != null && !"none".equals(matContinuityBy);
        }
    }

    /** From {@code care.iop.clinical-notes.note.signed.v1}; {@code date} is the UTC date of {@code signedAt}. */
    public record Note(String noteId, String clinicId, boolean late, LocalDate date) {
    }

    /** From {@code care.iop.clinical-notes.note.overdue.v1}: a session's note for the patient; UTC date of {@code dueAt}. */
    public record NoteOverdue(String sessionId, String clinicId, LocalDate date) {
    }

    /** From {@code care.iop.aftercare.relapse-risk.acknowledged.v1}. */
    public record RiskAcknowledgement(String flagId, String clinicId, Instant at) {
        LocalDate date() {
            return at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
    }
}
