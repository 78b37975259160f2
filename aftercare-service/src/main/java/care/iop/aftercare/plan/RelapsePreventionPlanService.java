package care.iop.aftercare.plan;

import care.iop.aftercare.Patients;
import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The relapse-prevention plan: every version kept, revisions need If-Match, printing is audited as an export. */
@ApplicationScoped
public class RelapsePreventionPlanService {

    @Inject
    Patients patients;

    @Inject
    CallerContext caller;

    @Inject
    AuditLog audit;

    /** A saved version, and whether it is the first. */
    public record Saved(RelapsePreventionPlan plan, boolean created) {
    }

    /** Saves a new version; revising needs If-Match with the current version (428 without, 412 when stale). */
    @Transactional
    @RetryOnConflict
    public Saved save(UUID patientId, PlanContent content, String ifMatch) {
        UUID clinic = patients.requireAdmitted(patientId);
        RelapsePreventionPlan current = current(clinic, patientId);
        if (current != null) {
            ETags.check(ifMatch, current.planVersion, true);
        }
        RelapsePreventionPlan p = new RelapsePreventionPlan();
        p.id = UUID.randomUUID();
        p.clinicId = clinic;
        p.patientId = patientId;
        p.planVersion = current == null ? 1 : current.planVersion + 1;
        p.content = content;
        p.createdBy = caller.requireStaffId();
        p.createdAt = Instant.now();
        p.persistAndFlush();
        audit.record(AuditLog.Entry.success(current == null ? AuditAction.CREATE : AuditAction.UPDATE,
                "RelapsePreventionPlan", p.id, patientId, clinic));
        return new Saved(p, current == null);
    }

    /** The current version (404 when there is none); audited as a read. */
    @Transactional
    @RetryOnConflict
    public RelapsePreventionPlan current(UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RelapsePreventionPlan p = require(clinic, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", p.id, patientId, clinic));
        return p;
    }

    /** Every version, oldest first; audited as one read. */
    @Transactional
    @RetryOnConflict
    public List<RelapsePreventionPlan> versions(UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", null, patientId, clinic));
        return RelapsePreventionPlan.<RelapsePreventionPlan>list("clinicId = ?1 and patientId = ?2 order by planVersion",
                clinic, patientId);
    }

    /** The current version as a printable page; audited as an export. */
    @Transactional
    @RetryOnConflict
    public String print(UUID patientId) {
        UUID clinic = patients.requireInClinic(patientId);
        RelapsePreventionPlan p = require(clinic, patientId);
        audit.record(AuditLog.Entry.success(AuditAction.EXPORT, "RelapsePreventionPlan", p.id, patientId, clinic));
        return PrintablePlan.html(p);
    }

    /**
     * The plan as one lasting record, as FHIR serves it: {@code planId} is the first version's id and stays while
     * versions are added, {@code startedAt} is when that first version was written; {@code version} and what it
     * holds are the version asked for (the current one unless a version was named).
     */
    public record PlanSnapshot(UUID planId, UUID patientId, Instant startedAt, int version, PlanContent content,
                               Instant writtenAt) {
    }

    /**
     * The plan whose first version has {@code planId}, at {@code version} (null: the current one), audited like
     * {@link #current(UUID)} with the id of the version read; empty (nothing audited) when the caller's clinic has
     * no such plan or version.
     */
    @Transactional
    @RetryOnConflict
    public Optional<PlanSnapshot> find(UUID planId, Integer version) {
        UUID clinic = caller.requireClinicId();
        RelapsePreventionPlan first = RelapsePreventionPlan.<RelapsePreventionPlan>find("id = ?1 and clinicId = ?2 "
                + "and planVersion = 1", planId, clinic).firstResult();
        if (first == null) {
            return Optional.empty();
        }
        RelapsePreventionPlan p = version == null ? current(clinic, first.patientId)
                : RelapsePreventionPlan.<RelapsePreventionPlan>find("clinicId = ?1 and patientId = ?2 and "
                + "planVersion = ?3", clinic, first.patientId, version).firstResult();
        if (p == null) {
            return Optional.empty();
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", p.id, p.patientId, clinic));
        return Optional.of(snapshot(first, p));
    }

    /**
     * The patient's current plan, audited like {@link #current(UUID)}; for a search, where a patient without a plan
     * (or unknown to the clinic) simply matches nothing: empty, nothing audited.
     */
    @Transactional
    @RetryOnConflict
    public Optional<PlanSnapshot> ofPatient(UUID patientId) {
        UUID clinic = caller.requireClinicId();
        RelapsePreventionPlan current = current(clinic, patientId);
        if (current == null) {
            return Optional.empty();
        }
        RelapsePreventionPlan first = current.planVersion == 1 ? current
                : RelapsePreventionPlan.<RelapsePreventionPlan>find("clinicId = ?1 and patientId = ?2 and "
                + "planVersion = 1", clinic, patientId).firstResult();
        audit.record(AuditLog.Entry.success(AuditAction.READ, "RelapsePreventionPlan", current.id, patientId,
                clinic));
        return Optional.of(snapshot(first, current));
    }

    private static PlanSnapshot snapshot(RelapsePreventionPlan first, RelapsePreventionPlan p) {
        return new PlanSnapshot(first.id, p.patientId, first.createdAt, p.planVersion, p.content, p.createdAt);
    }

    private static RelapsePreventionPlan current(UUID clinic, UUID patientId) {
        return RelapsePreventionPlan.<RelapsePreventionPlan>find("clinicId = ?1 and patientId = ?2 order by "
                + "planVersion desc", clinic, patientId).firstResult();
    }

    private static RelapsePreventionPlan require(UUID clinic, UUID patientId) {
        RelapsePreventionPlan p = current(clinic, patientId);
        if (p == null) {
            throw ProblemException.notFound("Relapse-prevention plan of patient", patientId);
        }
        return p;
    }
}
