package care.iop.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the event stream has told us about one patient (the record key), as ids, codes and dates only, gathered from
 * the facts store's entries ({@link StoredFacts}) when a clinic's measures are asked. Facts are kept by their natural
 * id (admission, discharge, session, …), so a fact told twice is kept once and the order in
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

    /** These facts with {@code fact} added, merged by its kind's rule with one of the same id already here. */
    public PatientFacts with(Fact fact) {
        PatientFacts copy = copy();
        add(copy, FactKind.of(fact), fact);
        return copy;
    }

    /** One patient's facts from its facts one by one, in any order. */
    public static PatientFacts of(Iterable<? extends Fact> facts) {
        PatientFacts all = empty();
        facts.forEach(fact -> add(all, FactKind.of(fact), fact));
        return all;
    }

    /** Every fact held, of every kind. */
    public Stream<Fact> all() {
        return FactKind.ALL.stream().flatMap(kind -> kind.in(this).values().stream());
    }

    private static <T extends Fact> void add(PatientFacts facts, FactKind<T> kind, Fact fact) {
        kind.addTo(facts, kind.cast(fact));
    }

    /** A fact about the patient at one clinic; every kind is a record of ids, codes and dates. */
    public sealed interface Fact permits Admission, Discharge, Attendance, FollowUp, Screen, RiskFlag, ComplianceWeek,
            Assessment, Phq9, MatOrder, Discontinuation, DischargePlan, Note, NoteOverdue, RiskAcknowledgement {
        String clinicId();
    }

    /** From {@code care.iop.intake.patient.admitted.v1}. */
    public record Admission(String admissionId, String clinicId, String trackCode, LocalDate date) implements Fact {
    }

    /**
     * From {@code care.iop.aftercare.patient.discharged.v1}; {@code reason} is the TEDS-D reason code 1–7,
     * {@code episodeId} aftercare's episode (as on its discharge plans; null in facts kept before it was read).
     */
    public record Discharge(String dischargeId, String clinicId, int reason, LocalDate date, String episodeId)
            implements Fact {
    }

    /**
     * From {@code care.iop.scheduling.session.attended.v1} ({@code attended}) or {@code …session.missed.v1}
     * (not attended, {@code excused} as recorded); {@code date} is the session's start date in UTC.
     */
    public record Attendance(String sessionId, String clinicId, boolean attended, boolean excused, LocalDate date)
            implements Fact {
    }

    /**
     * From {@code care.iop.aftercare.follow-up.completed.v1}: {@code reached} when its outcome is {@code reached};
     * {@code date} is the UTC date of {@code completedAt}.
     */
    public record FollowUp(String followUpId, String clinicId, boolean reached, LocalDate date) implements Fact {
    }

    /** From {@code care.iop.medication.drug-screen.resulted.v1}; {@code date} is the UTC date of {@code resultedAt}. */
    public record Screen(String screenId, String clinicId, boolean unexpectedPositive, LocalDate date) implements Fact {
    }

    /**
     * From {@code care.iop.aftercare.relapse-risk.flagged.v1}; {@code date} is the UTC date of {@code flaggedAt}
     * ({@code at}; null in facts kept before it was read).
     */
    public record RiskFlag(String flagId, String clinicId, LocalDate date, Instant at) implements Fact {
    }

    /** From {@code care.iop.scheduling.attendance.compliance-changed.v1}: one enrollment's judged week. */
    public record ComplianceWeek(String enrollmentId, String clinicId, LocalDate weekStart, BigDecimal attendedHours,
                                 BigDecimal targetHours, Instant toldAt, String eventId) implements Fact {
        static final Comparator<ComplianceWeek> LATEST = Comparator.comparing(ComplianceWeek::toldAt)
                .thenComparing(ComplianceWeek::eventId);

        boolean metTarget() {
            return attendedHours.compareTo(targetHours) >= 0;
        }
    }

    /** From {@code care.iop.intake.assessment.completed.v1}; {@code date} is the UTC date of {@code completedAt}. */
    public record Assessment(String assessmentId, String clinicId, LocalDate date) implements Fact {
    }

    /** A PHQ-9 from {@code care.iop.intake.screening.completed.v1} (instrument PHQ-9): its total and time. */
    public record Phq9(String screeningId, String clinicId, int total, Instant at) implements Fact {
        LocalDate date() {
            return at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
    }

    /** From {@code care.iop.medication.medication.prescribed.v1} with {@code mat: true}. */
    public record MatOrder(String orderId, String clinicId, LocalDate startDate) implements Fact {
    }

    /**
     * From {@code care.iop.medication.medication.discontinued.v1} (any order: the event does not say whether it was
     * MAT); {@code date} is the UTC date of {@code discontinuedAt}.
     */
    public record Discontinuation(String orderId, String clinicId, LocalDate date) implements Fact {
    }

    /** From {@code care.iop.aftercare.discharge.planned.v1}: who continues MAT ({@code matContinuityBy}, or null). */
    public record DischargePlan(String planId, String clinicId, String episodeId, String matContinuityBy,
                                Instant toldAt, String eventId) implements Fact {
        static final Comparator<DischargePlan> LATEST = Comparator.comparing(DischargePlan::toldAt)
                .thenComparing(DischargePlan::eventId);

        boolean arrangesMat() {
            return matContinuityBy != null && !"none".equals(matContinuityBy);
        }
    }

    /** From {@code care.iop.clinical-notes.note.signed.v1}; {@code date} is the UTC date of {@code signedAt}. */
    public record Note(String noteId, String clinicId, boolean late, LocalDate date) implements Fact {
    }

    /** From {@code care.iop.clinical-notes.note.overdue.v1}: a session's note for the patient; UTC date of {@code dueAt}. */
    public record NoteOverdue(String sessionId, String clinicId, LocalDate date) implements Fact {
    }

    /** From {@code care.iop.aftercare.relapse-risk.acknowledged.v1}. */
    public record RiskAcknowledgement(String flagId, String clinicId, Instant at) implements Fact {
        LocalDate date() {
            return at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
    }
}
