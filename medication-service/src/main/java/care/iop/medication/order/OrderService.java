package care.iop.medication.order;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.Problem;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.EventType;
import care.iop.events.audit.AuditAction;
import care.iop.events.medication.DeaSchedule;
import care.iop.events.medication.MedicationDiscontinued;
import care.iop.events.medication.MedicationPrescribed;
import care.iop.medication.MedicationConfig;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.catalogue.Medication;
import care.iop.medication.order.OrderApi.DiscontinueRequest;
import care.iop.medication.order.OrderApi.FindingView;
import care.iop.medication.order.OrderApi.HistoryView;
import care.iop.medication.order.OrderApi.OrderRequest;
import care.iop.medication.order.OrderApi.OrderView;
import care.iop.medication.order.OrderApi.Resolution;
import care.iop.medication.patient.KnownPatient;
import care.iop.medication.safety.ActiveOrder;
import care.iop.medication.safety.Finding;
import care.iop.medication.safety.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writing, reading and stopping orders. Every order is checked against the rule table: a warning needs the
 * prescriber's acknowledgement with a reason, a contraindication an override with a reason; otherwise nothing is
 * written (409 listing the findings). The public methods the resource calls own their transaction
 * ({@code @Transactional} with {@code @RetryOnConflict}); the rest join the caller's (the event consumer's).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OrderService {

    static final Set<DeaSchedule> PDMP_SCHEDULES = Set.of(DeaSchedule.II, DeaSchedule.III, DeaSchedule.IV);

    @Inject
    MedicationData data;

    @Inject
    MedicationConfig config;

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    public record Written(MedicationOrder order, List<SafetyFindingRecord> findings) {
    }

    /** Writes an order once per Idempotency-Key; {@code answer} maps the written order to the stored response. */
    @Transactional
    @RetryOnConflict
    public Response prescribe(UUID patientId, OrderRequest request, String idempotencyKey,
                              Function<OrderView, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> answer.apply(view(prescribe(patientId, request)
                .order())));
    }

    /** A patient's orders (all, or those with {@code status}), oldest first; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<OrderView> list(UUID patientId, String status) {
        KnownPatient patient = patients.require(patientId);
        MedicationOrder.Status wanted = WireEnums.parse(MedicationOrder.Status.class, status, "status");
        List<MedicationOrder> found = wanted == null
                ? MedicationOrder.list("clinicId = ?1 and patientId = ?2 order by createdAt", patient.clinicId, patientId)
                : MedicationOrder.list("clinicId = ?1 and patientId = ?2 and status = ?3 order by createdAt",
                patient.clinicId, patientId, wanted);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", null, patientId, patient.clinicId));
        return found.stream().map(this::view).toList();
    }

    @Transactional
    @RetryOnConflict
    public OrderView get(UUID id) {
        MedicationOrder o = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", o.id, o.patientId, o.clinicId));
        return view(o);
    }

    /** Stops an order (If-Match against its version). */
    @Transactional
    @RetryOnConflict
    public OrderView discontinue(UUID id, DiscontinueRequest request, String ifMatch) {
        MedicationOrder o = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, o.version, false);
        discontinue(o, request.reasonCode(), request.effectiveDate());
        o.persistAndFlush();
        return view(o);
    }

    /** Decides an order waiting for its discharge review (If-Match against its version). */
    @Transactional
    @RetryOnConflict
    public OrderView decideAfterDischarge(UUID id, MedicationOrder.DischargeReview decision, String reasonCode,
                                          String ifMatch) {
        MedicationOrder o = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, o.version, false);
        decideAfterDischarge(o, decision, reasonCode);
        o.persistAndFlush();
        return view(o);
    }

    /** Active orders of discharged patients waiting for a prescriber's decision; each one audited as read. */
    @Transactional
    @RetryOnConflict
    public List<OrderView> dischargeReview() {
        UUID clinic = caller.requireClinicId();
        List<MedicationOrder> pending = MedicationOrder.list("clinicId = ?1 and dischargeReview = ?2 order by createdAt",
                clinic, MedicationOrder.DischargeReview.PENDING);
        audit.recordAll(pending.stream().map(o -> AuditLog.Entry.success(AuditAction.READ, "MedicationOrder", o.id,
                o.patientId, clinic)).toList());
        return pending.stream().map(this::view).toList();
    }

    /**
     * The patient is admitted (again), in the event consumer's transaction: orders carried over are this program's
     * again, reviewed at the next discharge.
     */
    public void returnedToProgram(UUID clinicId, UUID patientId) {
        MedicationOrder.<MedicationOrder>list("clinicId = ?1 and patientId = ?2 and status = ?3 and "
                        + "dischargeReview is not null", clinicId, patientId, MedicationOrder.Status.ACTIVE)
                .forEach(o -> o.dischargeReview = null);
    }

    /**
     * The patient was discharged, in the event consumer's transaction: every active order goes to the discharge
     * review (never stopped silently), each once.
     */
    public void dischargeReviewRequested(UUID clinicId, UUID patientId, UUID actor) {
        MedicationOrder.<MedicationOrder>list("clinicId = ?1 and patientId = ?2 and status = ?3", clinicId,
                patientId, MedicationOrder.Status.ACTIVE).forEach(o -> {
                    if (o.dischargeReview != MedicationOrder.DischargeReview.PENDING) {
                        o.dischargeReview = MedicationOrder.DischargeReview.PENDING;
                        OrderHistory.record(o.id, OrderHistory.DISCHARGE_REVIEW_REQUESTED, actor, null);
                    }
                });
    }

    Written prescribe(UUID patientId, OrderRequest r) {
        KnownPatient patient = patients.requireAdmitted(patientId);
        UUID prescriber = caller.requireStaffId();
        Medication medication = data.catalogue().find(r.medicationId())
                .orElseThrow(() -> ProblemException.invalid("medicationId", "is not in the catalogue ("
                        + data.catalogue().version() + ")"));
        if (!medication.routes().contains(r.route())) {
            throw ProblemException.invalid("route", "must be one of " + String.join(", ", medication.routes())
                    + " for " + medication.name());
        }
        if (r.endDate() != null && r.endDate().isBefore(r.startDate())) {
            throw ProblemException.invalid("endDate", "must not be before startDate");
        }
        boolean matProgram = Boolean.TRUE.equals(r.matProgram());
        if (matProgram && !medication.mat()) {
            throw ProblemException.invalid("matProgram", medication.name() + " is not a medication for addiction "
                    + "treatment");
        }
        checkPdmp(medication, r.pdmpCheckedOn());
        ZoneId zone = r.administration() == null ? null
                : TimeZones.parse(r.administration().timeZone(), "administration.timeZone");

        patients.lock(patientId);
        List<MedicationOrder> active = MedicationOrder.list("clinicId = ?1 and patientId = ?2 and status = ?3 "
                + "order by createdAt", patient.clinicId, patientId, MedicationOrder.Status.ACTIVE);
        List<ActiveOrder> running = active.stream().map(o -> new ActiveOrder(o.id, data.catalogue()
                .find(o.catalogueId).orElseThrow(() -> ProblemException.conflict("An active order names a medication "
                        + "the current catalogue no longer has, so this order cannot be checked against it; review "
                        + "that order first", "conflictingId", o.id)))).toList();
        Set<String> allergies = Allergy.<Allergy>list("clinicId = ?1 and patientId = ?2", patient.clinicId, patientId)
                .stream().map(a -> a.substance).collect(Collectors.toSet());
        List<Finding> findings = data.rules().check(medication, running, allergies);
        Map<String, Resolution> acks = byRule(r.acknowledgements(), "acknowledgements");
        Map<String, Resolution> overrides = byRule(r.overrides(), "overrides");
        List<Finding> unresolved = findings.stream().filter(f -> f.severity() == Severity.WARNING
                ? !acks.containsKey(f.rule()) && !overrides.containsKey(f.rule())
                : !overrides.containsKey(f.rule())).toList();
        if (!unresolved.isEmpty()) {
            throw new ProblemException(409, "safety-check", "Safety check not resolved",
                    "The order conflicts with the patient's medications or allergies: acknowledge each warning and "
                            + "override each contraindication with a reason, or change the order",
                    List.of(), Map.of("findings", unresolved.stream().map(f -> Map.of("rule", f.rule(),
                            "severity", f.severity().value(), "detail", f.detail(),
                            "conflictingOrderId", String.valueOf(f.conflictingOrderId()),
                            "resolveWith", f.severity() == Severity.WARNING ? "acknowledgements" : "overrides"))
                            .toList()));
        }

        MedicationOrder o = new MedicationOrder();
        o.id = UUID.randomUUID();
        o.clinicId = patient.clinicId;
        o.patientId = patientId;
        o.catalogueId = medication.id();
        o.rxnorm = medication.rxnorm();
        o.medicationClass = medication.medicationClass();
        o.deaSchedule = medication.deaSchedule();
        o.mat = medication.mat();
        o.matProgram = matProgram;
        o.dose = r.dose();
        o.doseUnit = r.doseUnit();
        o.route = r.route();
        o.frequency = r.frequency().value();
        o.startDate = r.startDate();
        o.endDate = r.endDate();
        o.indication = r.indication();
        o.prescriberId = prescriber;
        o.pdmpCheckedOn = r.pdmpCheckedOn();
        o.status = MedicationOrder.Status.ACTIVE;
        o.createdAt = Instant.now();
        if (patient.dischargedOn != null && (patient.admittedOn == null
                || !patient.dischargedOn.isBefore(patient.admittedOn))) {
            // Written after the patient left the program: it joins the discharge review like the others.
            o.dischargeReview = MedicationOrder.DischargeReview.PENDING;
        }
        if (zone != null) {
            o.administrationTimes = r.administration().times().stream().map(t -> t.withSecond(0).withNano(0))
                    .distinct().sorted().map(Object::toString).collect(Collectors.joining(","));
            o.administrationZone = zone.getId();
            o.windowMinutes = r.administration().windowMinutes() != null ? r.administration().windowMinutes()
                    : config.defaultWindowMinutes();
            // Doses scheduled before the order was written were not this order's to give.
            Instant startOfCourse = r.startDate().atStartOfDay(zone).toInstant().minusSeconds(1);
            o.missedCheckedUntil = startOfCourse.isAfter(o.createdAt) ? startOfCourse : o.createdAt;
        }
        o.catalogueVersion = data.catalogue().version();
        o.rulesVersion = data.rules().version();
        o.persist();

        List<SafetyFindingRecord> records = new ArrayList<>();
        for (Finding f : findings) {
            Resolution how = overrides.containsKey(f.rule()) ? overrides.get(f.rule()) : acks.get(f.rule());
            SafetyFindingRecord rec = new SafetyFindingRecord();
            rec.id = UUID.randomUUID();
            rec.orderId = o.id;
            rec.rule = f.rule();
            rec.severity = f.severity().value();
            rec.conflictingOrderId = f.conflictingOrderId();
            rec.resolution = overrides.containsKey(f.rule()) ? "overridden" : "acknowledged";
            rec.reasonCode = how.reasonCode();
            rec.reasonNote = how.note();
            rec.resolvedBy = prescriber;
            rec.persist();
            records.add(rec);
        }
        OrderHistory.record(o.id, OrderHistory.PRESCRIBED, prescriber, null);
        outbox.publish(new MedicationPrescribed(o.id, o.rxnorm, o.medicationClass, o.deaSchedule, o.mat, prescriber,
                o.startDate, records.stream().map(x -> x.rule).distinct().toList()), patientId, o.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "MedicationOrder", o.id, patientId, o.clinicId));
        return new Written(o, records);
    }

    /**
     * Stops an order.
     *
     * @param effectiveDate the day it took effect, when the medication was stopped before this was recorded; null
     *                      for today. Drug-screen expectation follows this date, not the time of the request.
     */
    void discontinue(MedicationOrder o, String reasonCode, LocalDate effectiveDate) {
        if (o.status != MedicationOrder.Status.ACTIVE) {
            throw ProblemException.illegalTransition("MedicationOrder", o.status.value(),
                    MedicationOrder.Status.DISCONTINUED.value());
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (effectiveDate != null && effectiveDate.isAfter(today)) {
            throw ProblemException.invalid("effectiveDate", "must not be in the future");
        }
        if (effectiveDate != null && effectiveDate.isBefore(o.startDate)) {
            throw ProblemException.invalid("effectiveDate", "must not be before the order's startDate");
        }
        o.status = MedicationOrder.Status.DISCONTINUED;
        o.discontinuedOn = effectiveDate != null ? effectiveDate : today;
        if (o.dischargeReview == MedicationOrder.DischargeReview.PENDING) {
            o.dischargeReview = MedicationOrder.DischargeReview.DISCONTINUED;
        }
        UUID actor = caller.requireStaffId();
        OrderHistory.record(o.id, OrderHistory.DISCONTINUED, actor, reasonCode);
        outbox.publish(new MedicationDiscontinued(o.id, o.rxnorm, reasonCode, Instant.now()), o.patientId,
                o.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "MedicationOrder", o.id, o.patientId, o.clinicId));
    }

    /** After discharge: the prescriber continues the order (another provider takes over) or stops it. */
    void decideAfterDischarge(MedicationOrder o, MedicationOrder.DischargeReview decision, String reasonCode) {
        if (o.dischargeReview == null && o.status == MedicationOrder.Status.ACTIVE) {
            // The discharge puts active orders on the review when its event arrives; until then, retry.
            throw ProblemException.awaiting(EventType.PATIENT_DISCHARGED.type(),
                    "The order is not on the discharge review until the patient's discharge arrives");
        }
        if (o.dischargeReview != MedicationOrder.DischargeReview.PENDING) {
            throw ProblemException.conflict("The order is not waiting for a discharge review", "conflictingId", o.id);
        }
        if (decision == MedicationOrder.DischargeReview.PENDING) {
            throw ProblemException.invalid("decision", "is continued or discontinued");
        }
        if (decision == MedicationOrder.DischargeReview.DISCONTINUED) {
            discontinue(o, reasonCode, null);
        } else {
            o.dischargeReview = MedicationOrder.DischargeReview.CONTINUED;
            OrderHistory.record(o.id, OrderHistory.CONTINUED_AFTER_DISCHARGE, caller.requireStaffId(), reasonCode);
            audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "MedicationOrder", o.id, o.patientId,
                    o.clinicId));
        }
    }

    private MedicationOrder require(UUID id, LockModeType lock) {
        return MedicationOrder.<MedicationOrder>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(lock).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Order", id));
    }

    OrderView view(MedicationOrder o) {
        List<FindingView> findings = SafetyFindingRecord.<SafetyFindingRecord>list("orderId", o.id).stream()
                .map(f -> new FindingView(f.rule, Severity.valueOf(f.severity.toUpperCase()), f.conflictingOrderId,
                        null, f.resolution, f.reasonCode)).toList();
        List<HistoryView> history = OrderHistory.<OrderHistory>list("orderId = ?1 order by at", o.id).stream()
                .map(h -> new HistoryView(h.action, h.at, h.actor, h.reasonCode)).toList();
        return new OrderView(o.id, o.patientId, o.catalogueId, o.rxnorm, o.medicationClass, o.deaSchedule, o.mat,
                o.matProgram, o.dose, o.doseUnit, o.route, o.frequency, o.startDate, o.endDate, o.discontinuedOn,
                o.indication,
                o.prescriberId, o.pdmpCheckedOn, o.status, o.times(), o.administrationZone, o.windowMinutes,
                o.dischargeReview, findings, history, o.version);
    }

    private void checkPdmp(Medication medication, LocalDate checkedOn) {
        if (!PDMP_SCHEDULES.contains(medication.deaSchedule())) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (checkedOn == null || checkedOn.isAfter(today)
                || checkedOn.isBefore(today.minusDays(config.pdmpWindowDays()))) {
            throw ProblemException.unprocessable("A schedule " + medication.deaSchedule().value() + " order needs a "
                    + "prescription drug monitoring program check attested within the last "
                    + config.pdmpWindowDays() + " days (pdmpCheckedOn)");
        }
    }

    private static Map<String, Resolution> byRule(List<Resolution> resolutions, String field) {
        Map<String, Resolution> byRule = new LinkedHashMap<>();
        if (resolutions == null) {
            return byRule;
        }
        for (int i = 0; i < resolutions.size(); i++) {
            if (byRule.put(resolutions.get(i).rule(), resolutions.get(i)) != null) {
                throw ProblemException.invalid(List.of(new Problem.Violation(field + "[" + i + "].rule",
                        "appears twice")));
            }
        }
        return byRule;
    }
}
