package care.iop.medication.reconciliation;

import care.iop.common.audit.AuditLog;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.medication.MedicationData;
import care.iop.medication.Patients;
import care.iop.medication.patient.KnownPatient;
import care.iop.medication.reconciliation.ReconciliationApi.HomeMedication;
import care.iop.medication.reconciliation.ReconciliationApi.ReconciliationRequest;
import care.iop.medication.reconciliation.ReconciliationApi.ReconciliationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Admission medication reconciliation: the home medication list with a prescriber's decision on each. */
@ApplicationScoped
public class ReconciliationService {

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    MedicationData data;

    @Inject
    AuditLog audit;

    @Inject
    Idempotency idempotency;

    /** Completes a reconciliation once per Idempotency-Key; {@code answer} maps it to the stored response. */
    @Transactional
    @RetryOnConflict
    public Response complete(UUID patientId, ReconciliationRequest request, String idempotencyKey,
                             Function<ReconciliationView, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> {
            KnownPatient patient = patients.requireAdmitted(patientId);
            for (int i = 0; i < request.items().size(); i++) {
                String id = request.items().get(i).catalogueId();
                if (id != null && data.catalogue().find(id).isEmpty()) {
                    throw ProblemException.invalid("items[" + i + "].catalogueId", "is not in the catalogue");
                }
            }
            Reconciliation r = new Reconciliation();
            r.id = UUID.randomUUID();
            r.clinicId = patient.clinicId;
            r.patientId = patientId;
            r.completedBy = caller.requireStaffId();
            r.completedAt = Instant.now();
            r.persist();
            for (HomeMedication m : request.items()) {
                ReconciliationItem item = new ReconciliationItem();
                item.id = UUID.randomUUID();
                item.reconciliationId = r.id;
                item.medication = m.medication();
                item.catalogueId = m.catalogueId();
                item.doseText = m.doseText();
                item.decision = m.decision();
                item.note = m.note();
                item.persist();
            }
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Reconciliation", r.id, patientId, r.clinicId));
            return answer.apply(view(r));
        });
    }

    /** A patient's reconciliations, newest first; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<ReconciliationView> list(UUID patientId) {
        KnownPatient patient = patients.require(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Reconciliation", null, patientId, patient.clinicId));
        return Reconciliation.<Reconciliation>list("clinicId = ?1 and patientId = ?2 order by completedAt desc",
                patient.clinicId, patientId).stream().map(ReconciliationService::view).toList();
    }

    /** One reconciliation of the caller's clinic (404 otherwise); audited as a read of it. */
    @Transactional
    @RetryOnConflict
    public ReconciliationView get(UUID id) {
        Reconciliation r = Reconciliation.<Reconciliation>find("id = ?1 and clinicId = ?2", id,
                caller.requireClinicId()).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Reconciliation", id));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Reconciliation", r.id, r.patientId, r.clinicId));
        return view(r);
    }

    private static ReconciliationView view(Reconciliation r) {
        List<HomeMedication> items = ReconciliationItem.<ReconciliationItem>list("reconciliationId", r.id).stream()
                .map(i -> new HomeMedication(i.medication, i.catalogueId, i.doseText, i.decision, i.note)).toList();
        return new ReconciliationView(r.id, r.patientId, r.completedBy, r.completedAt, items);
    }
}
