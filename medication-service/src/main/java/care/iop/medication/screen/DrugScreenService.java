package care.iop.medication.screen;

import care.iop.common.audit.AuditLog;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.medication.DrugScreenResulted;
import care.iop.events.medication.SubstanceResult;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.order.MedicationOrder;
import care.iop.medication.patient.KnownPatient;
import care.iop.medication.screen.DrugScreenApi.ScreenView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Drug screens: a prescriber orders, a nurse collects and results. What the entries must be and which positives are
 * unexpected is {@link ScreenResults}'s; which substances the patient's medications explain, {@link ScreenExpectation}'s.
 * Each public method owns its transaction and is the only writer of the screens' audit records and events.
 */
@ApplicationScoped
public class DrugScreenService {

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    MedicationData data;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    /** Orders a screen once per Idempotency-Key; {@code answer} maps it to the stored response. */
    @Transactional
    @RetryOnConflict
    public Response order(UUID patientId, String specimen, List<String> panel, String idempotencyKey,
                          Object requestBody, Function<ScreenView, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> {
            KnownPatient patient = patients.requireAdmitted(patientId);
            DrugScreen s = new DrugScreen();
            s.id = UUID.randomUUID();
            s.clinicId = patient.clinicId;
            s.patientId = patientId;
            s.specimen = specimen;
            s.panel = new ArrayList<>(panel.stream().distinct().toList());
            s.status = DrugScreen.Status.ORDERED;
            s.orderedBy = caller.requireStaffId();
            s.orderedAt = Instant.now();
            s.persist();
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "DrugScreen", s.id, patientId, s.clinicId));
            return answer.apply(view(s));
        });
    }

    /** The specimen was collected at {@code collectedAt} (null: now). */
    @Transactional
    @RetryOnConflict
    public ScreenView collect(UUID id, Instant collectedAt) {
        DrugScreen s = require(id);
        if (s.status != DrugScreen.Status.ORDERED) {
            throw ProblemException.illegalTransition("DrugScreen", s.status.value(), DrugScreen.Status.COLLECTED.value());
        }
        Instant now = Instant.now();
        Instant at = collectedAt != null ? collectedAt : now;
        if (!ScreenResults.collectionTimeAllowed(s.orderedAt, at, now)) {
            throw ProblemException.invalid("collectedAt", "must be between the order and now");
        }
        s.status = DrugScreen.Status.COLLECTED;
        s.collectedAt = at;
        s.collectedBy = caller.requireStaffId();
        s.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "DrugScreen", s.id, s.patientId, s.clinicId));
        return view(s);
    }

    /** The results, one per panel substance; {@code drug-screen.resulted} carries codes and flags only. */
    @Transactional
    @RetryOnConflict
    public ScreenView result(UUID id, List<ScreenResults.Entry> entries) {
        DrugScreen s = require(id);
        if (s.status != DrugScreen.Status.COLLECTED) {
            throw ProblemException.illegalTransition("DrugScreen", s.status.value(), DrugScreen.Status.RESULTED.value());
        }
        ScreenResults.check(s.panel, entries).ifPresent(v -> {
            throw ProblemException.invalid(v.field(), v.message());
        });
        List<SubstanceResult> results = ScreenResults.judge(entries,
                explainedPositives(s.clinicId, s.patientId, s.collectedAt));
        for (SubstanceResult judged : results) {
            DrugScreenResult r = new DrugScreenResult();
            r.screenId = s.id;
            r.substanceCode = judged.substanceCode();
            r.result = judged.result();
            r.expected = judged.expected();
            r.persist();
        }
        s.status = DrugScreen.Status.RESULTED;
        s.resultedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        s.resultedBy = caller.requireStaffId();
        s.unexpectedPositive = ScreenResults.unexpectedPositive(results);
        s.persistAndFlush();
        outbox.publish(new DrugScreenResulted(s.id, s.resultedAt, results, s.unexpectedPositive), s.patientId,
                s.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "DrugScreen", s.id, s.patientId, s.clinicId));
        return view(s);
    }

    @Transactional
    @RetryOnConflict
    public ScreenView get(UUID id) {
        DrugScreen s = require(id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "DrugScreen", s.id, s.patientId, s.clinicId));
        return view(s);
    }

    /** A patient's screens, newest first; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<ScreenView> list(UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "DrugScreen", null, patientId, patient.clinicId));
        return DrugScreen.<DrugScreen>list("clinicId = ?1 and patientId = ?2 order by orderedAt desc", patient.clinicId,
                patientId).stream().map(this::view).toList();
    }

    /**
     * Substances the patient's medications explain in a specimen collected at {@code collectedAt}, on the orders'
     * clinical dates (start, end, discontinuation effective date) and never on when their rows were written: see
     * {@link ScreenExpectation}. Dates are UTC days, as order dates are checked elsewhere in this service.
     */
    private Set<String> explainedPositives(UUID clinicId, UUID patientId, Instant collectedAt) {
        LocalDate collected = LocalDate.ofInstant(collectedAt, ZoneOffset.UTC);
        List<ScreenExpectation.Course> courses = MedicationOrder.<MedicationOrder>list(
                        "clinicId = ?1 and patientId = ?2 and startDate <= ?3", clinicId, patientId, collected).stream()
                .flatMap(o -> data.catalogue().find(o.catalogueId).stream()
                        .map(m -> new ScreenExpectation.Course(Set.copyOf(m.screensAs()), o.startDate, o.endDate,
                                o.discontinuedOn)))
                .toList();
        return ScreenExpectation.explained(courses, collected);
    }

    private DrugScreen require(UUID id) {
        return DrugScreen.<DrugScreen>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("DrugScreen", id));
    }

    private ScreenView view(DrugScreen s) {
        List<SubstanceResult> results = DrugScreenResult.<DrugScreenResult>list("screenId = ?1 order by substanceCode",
                s.id).stream().map(r -> new SubstanceResult(r.substanceCode, r.result, r.expected)).toList();
        return new ScreenView(s.id, s.patientId, s.specimen, List.copyOf(s.panel), s.status, s.orderedAt,
                s.collectedAt, s.resultedAt, s.unexpectedPositive, results, s.version);
    }
}
