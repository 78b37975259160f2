package care.iop.medication.mar;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.medication.DoseAdministered;
import care.iop.events.medication.DoseMissed;
import care.iop.medication.Patients;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.order.OrderHistory;
import care.iop.medication.patient.KnownPatient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The medication administration record: doses given, refused or held, scheduled doses that were missed, and
 * adherence. The methods the resource calls own their transaction; {@link #markMissed(MedicationOrder, Instant)}
 * joins the {@link MissedDoses} job's. When doses are due is {@link DoseSchedule}'s.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AdministrationService {

    static final Set<String> INJECTABLE_ROUTES = Set.of("intramuscular", "subcutaneous");
    static final int MAX_TAKE_HOME_DOSES = 28;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Patients patients;

    public record Entry(Administration.Outcome outcome, Instant scheduledFor, Instant administeredAt,
                        BigDecimal dose, String doseUnit, String lot, int takeHomeDoses, String reasonCode) {
    }

    /** One order's doses over a period: scheduled doses whose time has come against what was recorded. */
    public record Adherence(UUID orderId, String medicationId, long scheduled, long administered, long refused,
                            long held, long missed, BigDecimal adherencePercent, long takeHomeDoses) {
    }

    /** Records a dose of an order of the caller's clinic (404 otherwise). */
    @Transactional
    @RetryOnConflict
    public Administration record(UUID orderId, Entry e) {
        MedicationOrder o = MedicationOrder.<MedicationOrder>find("id = ?1 and clinicId = ?2", orderId,
                        caller.requireClinicId()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Order", orderId));
        return record(o, e);
    }

    /** A patient's administration record between two dates (default the last 7 days); audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<Administration> mar(UUID patientId, LocalDate from, LocalDate to) {
        KnownPatient patient = patients.require(patientId);
        DoseSchedule.Period period = period(from, to, 7);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", null, patientId, patient.clinicId));
        return Administration.<Administration>list("clinicId = ?1 and patientId = ?2 and "
                        + "coalesce(scheduledFor, recordedAt) >= ?3 and coalesce(scheduledFor, recordedAt) < ?4 "
                        + "order by coalesce(scheduledFor, recordedAt)", patient.clinicId, patientId, period.from(),
                period.until());
    }

    /**
     * One line of the MAR with the medication of its order, as the FHIR MedicationAdministration shows it.
     *
     * @param medicationId the order's catalogue id; {@code rxnorm} and {@code route} are the order's too
     */
    public record MarLine(UUID id, UUID orderId, UUID patientId, Instant scheduledFor, Administration.Outcome outcome,
                          Instant administeredAt, BigDecimal dose, String doseUnit, String lot, int takeHomeDoses,
                          String reasonCode, UUID recordedBy, Instant recordedAt, String medicationId, String rxnorm,
                          String route) {

        /** When the line happened: the dose given, else the scheduled time it answers, else when it was recorded. */
        public Instant effectiveAt() {
            return administeredAt != null ? administeredAt : scheduledFor != null ? scheduledFor : recordedAt;
        }
    }

    /** The expression of {@link MarLine#effectiveAt()} in queries. */
    private static final String EFFECTIVE_AT = "coalesce(administeredAt, scheduledFor, recordedAt)";

    /** One line of a MAR of the caller's clinic (404 otherwise); audited as a read of that line. */
    @Transactional
    @RetryOnConflict
    public MarLine line(UUID id) {
        return withOrders(List.of(get(id))).get(0);
    }

    /** One recorded dose of the caller's clinic (404 otherwise); audited as a read of it. */
    @Transactional
    @RetryOnConflict
    public Administration get(UUID id) {
        Administration a = Administration.<Administration>find("id = ?1 and clinicId = ?2", id,
                caller.requireClinicId()).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Administration", id));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", a.id, a.patientId, a.clinicId));
        return a;
    }

    /**
     * A patient's MAR lines whose {@link MarLine#effectiveAt()} is at or after {@code from} and before
     * {@code until} (either may be null: unbounded), in that order; audited as one read, like {@link #mar}.
     */
    @Transactional
    @RetryOnConflict
    public List<MarLine> lines(UUID patientId, Instant from, Instant until) {
        KnownPatient patient = patients.require(patientId);
        StringBuilder query = new StringBuilder("clinicId = :clinic and patientId = :patient");
        Map<String, Object> parameters = new HashMap<>(Map.of("clinic", patient.clinicId,
                "patient", patientId));
        if (from != null) {
            query.append(" and ").append(EFFECTIVE_AT).append(" >= :from");
            parameters.put("from", from);
        }
        if (until != null) {
            query.append(" and ").append(EFFECTIVE_AT).append(" < :until");
            parameters.put("until", until);
        }
        query.append(" order by ").append(EFFECTIVE_AT).append(", recordedAt");
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", null, patientId, patient.clinicId));
        return withOrders(Administration.list(query.toString(), parameters));
    }

    private static List<MarLine> withOrders(List<Administration> found) {
        Map<UUID, MedicationOrder> orders = found.isEmpty() ? Map.of()
                : MedicationOrder.<MedicationOrder>list("id in ?1",
                        found.stream().map(a -> a.orderId).distinct().toList()).stream()
                .collect(Collectors.toMap(o -> o.id, o -> o));
        return found.stream().map(a -> {
            MedicationOrder o = orders.get(a.orderId);
            return new MarLine(a.id, a.orderId, a.patientId, a.scheduledFor, a.outcome, a.administeredAt, a.dose,
                    a.doseUnit, a.lot, a.takeHomeDoses, a.reasonCode, a.recordedBy, a.recordedAt, o.catalogueId,
                    o.rxnorm, o.route);
        }).toList();
    }

    /** Adherence per scheduled order over a period (default the last 30 days); audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<Adherence> adherence(UUID patientId, LocalDate from, LocalDate to) {
        KnownPatient patient = patients.require(patientId);
        // The default start is 30 days back from today, whatever the end (as the endpoint has always answered).
        DoseSchedule.Period period = period(from != null ? from : LocalDate.now(ZoneOffset.UTC).minusDays(29), to, 7);
        Instant now = Instant.now();
        Instant until = period.until().isAfter(now) ? now : period.until();
        List<MedicationOrder> orders = MedicationOrder.list("clinicId = ?1 and patientId = ?2 and "
                + "administrationTimes is not null order by createdAt", patient.clinicId, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Administration", null, patientId, patient.clinicId));
        return orders.stream().map(o -> {
            // Only doses that were this order's to give: from its writing (an early dose within the window
            // counts) until it was stopped.
            Instant start = later(period.from(), o.createdAt.minus(window(o)));
            Instant end = OrderHistory.<OrderHistory>find("orderId = ?1 and action = ?2", o.id,
                    OrderHistory.DISCONTINUED).firstResultOptional().map(h -> earlier(until, h.at)).orElse(until);
            List<Instant> slots = slots(o, start.minusSeconds(1), end);
            Map<Administration.Outcome, Long> counts = Administration.<Administration>list(
                            "orderId = ?1 and scheduledFor >= ?2 and scheduledFor <= ?3", o.id, start, end).stream()
                    .collect(Collectors.groupingBy(a -> a.outcome, Collectors.counting()));
            long administered = counts.getOrDefault(Administration.Outcome.ADMINISTERED, 0L);
            long takeHome = Administration.<Administration>list("orderId = ?1 and recordedAt >= ?2 and recordedAt < ?3",
                    o.id, period.from(), period.until()).stream().mapToLong(a -> a.takeHomeDoses).sum();
            return new Adherence(o.id, o.catalogueId, slots.size(), administered,
                    counts.getOrDefault(Administration.Outcome.REFUSED, 0L),
                    counts.getOrDefault(Administration.Outcome.HELD, 0L),
                    counts.getOrDefault(Administration.Outcome.MISSED, 0L),
                    DoseSchedule.adherencePercent(administered, slots.size()), takeHome);
        }).toList();
    }

    private static DoseSchedule.Period period(LocalDate from, LocalDate to, int defaultDays) {
        try {
            return DoseSchedule.period(from, to, defaultDays, LocalDate.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("from", e.getMessage());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Records a dose of a loaded, locked order, in the caller's transaction. */
    Administration record(MedicationOrder o, Entry e) {
        if (o.status != MedicationOrder.Status.ACTIVE) {
            throw ProblemException.conflict("The order is " + o.status.value(), "conflictingId", o.id);
        }
        if (e.outcome() == Administration.Outcome.MISSED) {
            throw ProblemException.invalid("outcome", "missed doses are marked by the service when a window passes");
        }
        Instant now = Instant.now();
        Instant givenAt = e.administeredAt() != null ? e.administeredAt() : now;
        if (givenAt.isAfter(now.plus(5, ChronoUnit.MINUTES))) {
            throw ProblemException.invalid("administeredAt", "must not be in the future");
        }
        boolean given = e.outcome() == Administration.Outcome.ADMINISTERED;
        if (!given && e.reasonCode() == null) {
            throw ProblemException.invalid("reasonCode", "is required when a dose is refused or held");
        }
        if (given && INJECTABLE_ROUTES.contains(o.route) && (e.lot() == null || e.lot().isBlank())) {
            throw ProblemException.invalid("lot", "is required for an injectable");
        }
        if (e.takeHomeDoses() > 0 && (!given || !o.matProgram)) {
            throw ProblemException.invalid("takeHomeDoses", "take-home doses are dispensed with an administered "
                    + "dose of a MAT-program order");
        }
        Instant slot = e.scheduledFor() != null ? requireSlot(o, e.scheduledFor(), givenAt)
                : nearestSlot(o, givenAt).orElse(null);
        if (slot != null && Administration.count("orderId = ?1 and scheduledFor = ?2", o.id, slot) > 0) {
            throw ProblemException.conflict("This scheduled dose is recorded already", "conflictingId", o.id);
        }
        if (given && Administration.count("orderId = ?1 and outcome = ?2 and administeredAt > ?3 and administeredAt < ?4",
                o.id, Administration.Outcome.ADMINISTERED, givenAt.minus(window(o)), givenAt.plus(window(o))) > 0) {
            throw ProblemException.conflict("A dose of this order was given within its window already",
                    "conflictingId", o.id);
        }
        Administration a = new Administration();
        a.id = UUID.randomUUID();
        a.clinicId = o.clinicId;
        a.orderId = o.id;
        a.patientId = o.patientId;
        a.scheduledFor = slot;
        a.outcome = e.outcome();
        a.administeredAt = given ? givenAt : null;
        a.dose = given ? (e.dose() != null ? e.dose() : o.dose) : null;
        a.doseUnit = given ? (e.doseUnit() != null ? e.doseUnit() : o.doseUnit) : null;
        a.lot = e.lot();
        a.takeHomeDoses = e.takeHomeDoses();
        a.reasonCode = e.reasonCode();
        a.recordedBy = caller.requireStaffId();
        a.recordedAt = now;
        a.persist();
        if (given) {
            outbox.publish(new DoseAdministered(a.id, o.id, o.rxnorm, givenAt, a.takeHomeDoses > 0, a.takeHomeDoses),
                    o.patientId, o.clinicId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Administration", a.id, o.patientId, o.clinicId));
        return a;
    }

    /**
     * Marks every scheduled dose of the order whose window has ended without a record as missed, once each, and
     * says so ({@code dose.missed}). Returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int markMissed(MedicationOrder o, Instant now) {
        List<Instant> passed = slots(o, o.missedCheckedUntil, now).stream()
                .filter(slot -> !slot.plus(window(o)).isAfter(now)).toList();
        int missed = 0;
        for (Instant slot : passed) {
            if (Administration.count("orderId = ?1 and scheduledFor = ?2", o.id, slot) == 0) {
                Administration a = new Administration();
                a.id = UUID.randomUUID();
                a.clinicId = o.clinicId;
                a.orderId = o.id;
                a.patientId = o.patientId;
                a.scheduledFor = slot;
                a.outcome = Administration.Outcome.MISSED;
                a.recordedAt = now;
                a.persist();
                outbox.publish(new DoseMissed(o.id, o.rxnorm, slot, slot.plus(window(o))), o.patientId, o.clinicId);
                missed++;
            }
            o.missedCheckedUntil = slot;
        }
        return missed;
    }

    /** Scheduled dose times of the order after {@code after} up to {@code until}, in order. */
    static List<Instant> slots(MedicationOrder o, Instant after, Instant until) {
        return DoseSchedule.slots(course(o), after, until);
    }

    private static DoseSchedule.Course course(MedicationOrder o) {
        return new DoseSchedule.Course(o.administrationZone == null ? null : ZoneId.of(o.administrationZone),
                o.startDate, o.endDate, o.administrationZone == null ? List.of() : o.times());
    }

    /** A named slot must be one of the order's and within a window of when the dose was given. */
    private Instant requireSlot(MedicationOrder o, Instant scheduledFor, Instant givenAt) {
        if (!slots(o, scheduledFor.minusSeconds(1), scheduledFor).contains(scheduledFor)) {
            throw ProblemException.invalid("scheduledFor", "is not a scheduled dose time of this order");
        }
        if (Duration.between(scheduledFor, givenAt).abs().compareTo(window(o)) > 0) {
            throw ProblemException.invalid("scheduledFor", "is more than the order's window away from the dose");
        }
        return scheduledFor;
    }

    /** The scheduled dose nearest to {@code at}, within a window either side (a dose may come a little early). */
    private static Optional<Instant> nearestSlot(MedicationOrder o, Instant at) {
        return DoseSchedule.nearestSlot(course(o), window(o), at);
    }

    static Duration window(MedicationOrder o) {
        return DoseSchedule.window(o.windowMinutes);
    }
}
