package care.iop.analytics;

import care.iop.analytics.PatientFacts.Admission;
import care.iop.analytics.PatientFacts.Assessment;
import care.iop.analytics.PatientFacts.Attendance;
import care.iop.analytics.PatientFacts.ComplianceWeek;
import care.iop.analytics.PatientFacts.Discharge;
import care.iop.analytics.PatientFacts.DischargePlan;
import care.iop.analytics.PatientFacts.Discontinuation;
import care.iop.analytics.PatientFacts.Fact;
import care.iop.analytics.PatientFacts.FollowUp;
import care.iop.analytics.PatientFacts.MatOrder;
import care.iop.analytics.PatientFacts.Note;
import care.iop.analytics.PatientFacts.NoteOverdue;
import care.iop.analytics.PatientFacts.Phq9;
import care.iop.analytics.PatientFacts.RiskAcknowledgement;
import care.iop.analytics.PatientFacts.RiskFlag;
import care.iop.analytics.PatientFacts.Screen;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of fact a patient's facts hold: its code (in state store keys), its record, its natural id (a fact told
 * twice has the same id), the map of {@link PatientFacts} holding it, and which of two facts told with the same id
 * stands. Every {@code keep} rule gives the same fact whatever the order of telling and however often one is told
 * again, so applying an event twice, or two events in either order, leaves the same facts.
 */
public final class FactKind<T extends Fact> {

    public static final FactKind<Admission> ADMISSION = new FactKind<>("adm", Admission.class,
            Admission::admissionId, PatientFacts::admissions, (old, told) -> told);
    public static final FactKind<Discharge> DISCHARGE = new FactKind<>("dis", Discharge.class,
            Discharge::dischargeId, PatientFacts::discharges, (old, told) -> told);
    /** The attendance stands over a miss whichever arrived first, and of two misses the unexcused one. */
    public static final FactKind<Attendance> ATTENDANCE = new FactKind<>("att", Attendance.class,
            Attendance::sessionId, PatientFacts::attendance, (old, told) -> rank(told) > rank(old) ? told : old);
    /** A reached contact stands over one not reached; of two of the same kind, the earlier date. */
    public static final FactKind<FollowUp> FOLLOW_UP = new FactKind<>("fu", FollowUp.class, FollowUp::followUpId,
            PatientFacts::followUps, (old, told) -> told.reached() != old.reached()
                    ? (told.reached() ? told : old) : (told.date().isBefore(old.date()) ? told : old));
    /** If a screen is told twice with different results, the unexpected positive stands. */
    public static final FactKind<Screen> SCREEN = new FactKind<>("scr", Screen.class, Screen::screenId,
            PatientFacts::screens, (old, told) -> told.unexpectedPositive() && !old.unexpectedPositive() ? told : old);
    public static final FactKind<RiskFlag> RISK_FLAG = new FactKind<>("flag", RiskFlag.class, RiskFlag::flagId,
            PatientFacts::riskFlags, earliest(Comparator.comparing(RiskFlag::date)));
    /** One judgement per enrollment week: the latest told (CloudEvents time, then event id) stands. */
    public static final FactKind<ComplianceWeek> COMPLIANCE_WEEK = new FactKind<>("week", ComplianceWeek.class,
            w -> w.enrollmentId() + "/" + w.weekStart(), PatientFacts::complianceWeeks,
            (old, told) -> ComplianceWeek.LATEST.compare(told, old) > 0 ? told : old);
    public static final FactKind<Assessment> ASSESSMENT = new FactKind<>("asmt", Assessment.class,
            Assessment::assessmentId, PatientFacts::assessments, (old, told) -> told);
    public static final FactKind<Phq9> PHQ9 = new FactKind<>("phq9", Phq9.class, Phq9::screeningId,
            PatientFacts::phq9, (old, told) -> told);
    public static final FactKind<MatOrder> MAT_ORDER = new FactKind<>("mat", MatOrder.class, MatOrder::orderId,
            PatientFacts::matOrders, (old, told) -> told);
    public static final FactKind<Discontinuation> DISCONTINUATION = new FactKind<>("stop", Discontinuation.class,
            Discontinuation::orderId, PatientFacts::discontinuations,
            earliest(Comparator.comparing(Discontinuation::date)));
    /** One plan per plan id: the latest told (CloudEvents time, then event id) stands. */
    public static final FactKind<DischargePlan> DISCHARGE_PLAN = new FactKind<>("plan", DischargePlan.class,
            DischargePlan::planId, PatientFacts::dischargePlans,
            (old, told) -> DischargePlan.LATEST.compare(told, old) > 0 ? told : old);
    public static final FactKind<Note> NOTE = new FactKind<>("note", Note.class, Note::noteId, PatientFacts::notes,
            earliest(Comparator.comparing(Note::date)));
    public static final FactKind<NoteOverdue> NOTE_OVERDUE = new FactKind<>("due", NoteOverdue.class,
            NoteOverdue::sessionId, PatientFacts::overdueNotes, earliest(Comparator.comparing(NoteOverdue::date)));
    public static final FactKind<RiskAcknowledgement> RISK_ACKNOWLEDGEMENT = new FactKind<>("ack",
            RiskAcknowledgement.class, RiskAcknowledgement::flagId, PatientFacts::riskAcknowledgements,
            earliest(Comparator.comparing(RiskAcknowledgement::at)));

    public static final List<FactKind<?>> ALL = List.of(ADMISSION, DISCHARGE, ATTENDANCE, FOLLOW_UP, SCREEN,
            RISK_FLAG, COMPLIANCE_WEEK, ASSESSMENT, PHQ9, MAT_ORDER, DISCONTINUATION, DISCHARGE_PLAN, NOTE,
            NOTE_OVERDUE, RISK_ACKNOWLEDGEMENT);
    private static final Map<String, FactKind<?>> BY_CODE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(FactKind::code, kind -> kind));
    private static final Map<Class<?>, FactKind<?>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(FactKind::type, kind -> kind));

    private final String code;
    private final Class<T> type;
    private final Function<T, String> id;
    private final Function<PatientFacts, Map<String, T>> map;
    private final BinaryOperator<T> keep;

    private FactKind(String code, Class<T> type, Function<T, String> id, Function<PatientFacts, Map<String, T>> map,
                     BinaryOperator<T> keep) {
        this.code = code;
        this.type = type;
        this.id = id;
        this.map = map;
        this.keep = keep;
    }

    public static Optional<FactKind<?>> byCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The kind of {@code fact} (every {@link Fact} record has one: the interface is sealed to them). */
    public static FactKind<?> of(Fact fact) {
        return BY_TYPE.get(fact.getClass());
    }

    public String code() {
        return code;
    }

    public Class<T> type() {
        return type;
    }

    public String id(T fact) {
        return id.apply(fact);
    }

    /** The fact that stands when {@code told} is told after {@code old} (null: nothing before). */
    public T merge(T old, T told) {
        return old == null ? told : keep.apply(old, told);
    }

    /** The facts' map of this kind. */
    Map<String, T> in(PatientFacts facts) {
        return map.apply(facts);
    }

    /** Adds {@code fact} to {@code facts}' map of this kind, merged with one of the same id already there. */
    void addTo(PatientFacts facts, T fact) {
        map.apply(facts).merge(id(fact), fact, keep);
    }

    /** Casts a fact read for this kind. */
    T cast(Fact fact) {
        return type.cast(fact);
    }

    private static int rank(Attendance a) {
        return a.attended() ? 2 : a.excused() ? 0 : 1;
    }

    private static <T> BinaryOperator<T> earliest(Comparator<T> order) {
        return (old, told) -> order.compare(told, old) < 0 ? told : old;
    }

    @Override
    public String toString() {
        return code;
    }
}
