package care.iop.notes.due;

import care.iop.common.audit.AuditLog;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.SessionAttended;
import care.iop.notes.NotesConfig;
import care.iop.notes.plan.PlanDue;
import care.iop.notes.plan.TreatmentPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What documentation is owed: a note per attended session (due {@code notes.sign-within} after the session starts),
 * initial plans and plan reviews; the worklist of all three. {@link #worklist} owns its transaction; {@link #attended}
 * joins the event consumer's.
 */
@ApplicationScoped
public class DueService {

    public record NoteDue(UUID sessionId, UUID patientId, Instant sessionStartsAt, Instant dueAt, boolean overdue,
                          List<UUID> facilitatorIds) {
    }

    public record PlanOwed(UUID patientId, UUID admissionId, LocalDate admittedOn, Instant dueAt, boolean overdue) {
    }

    public record ReviewOwed(UUID planId, UUID patientId, LocalDate nextReviewDue, boolean overdue) {
    }

    public record Worklist(List<NoteDue> notes, List<PlanOwed> initialPlans, List<ReviewOwed> reviews) {
    }

    @Inject
    CallerContext caller;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    NotesConfig config;

    /** Notes, initial plans and plan reviews owed in the clinic, oldest first; each patient audited as read. */
    @Transactional
    @RetryOnConflict
    public Worklist worklist(UUID clinicianId) {
        UUID clinic = caller.requireClinicId();
        Instant now = Instant.now();
        List<AttendedSession> owed = AttendedSession.<AttendedSession>list("clinicId = ?1 and noteId is null "
                + "order by dueAt", clinic).stream()
                .filter(a -> clinicianId == null || a.facilitatorIds.contains(clinicianId)).limit(500).toList();
        List<PlanDue> plansOwed = em.createQuery("from PlanDue d where d.clinicId = :clinic and not exists ("
                        + "select 1 from TreatmentPlan p where p.clinicId = d.clinicId and p.patientId = d.patientId) "
                        + "order by d.dueAt", PlanDue.class).setParameter("clinic", clinic).setMaxResults(500)
                .getResultList();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<TreatmentPlan> reviews = TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and nextReviewDue <= ?2 "
                + "order by nextReviewDue", clinic, DueRules.reviewsListedUntil(today)).range(0, 499).list();
        audit.recordAll(Stream.of(owed.stream().map(a -> a.patientId), plansOwed.stream().map(d -> d.patientId),
                        reviews.stream().map(p -> p.patientId)).flatMap(s -> s).distinct()
                .map(p -> AuditLog.Entry.success(AuditAction.READ, "DocumentationWorklist", null, p, clinic)).toList());
        return new Worklist(
                owed.stream().map(a -> new NoteDue(a.sessionId, a.patientId, a.sessionStartsAt, a.dueAt,
                        DueRules.overdue(a.dueAt, now), List.copyOf(a.facilitatorIds))).toList(),
                plansOwed.stream().map(d -> new PlanOwed(d.patientId, d.admissionId, d.admittedOn, d.dueAt,
                        DueRules.overdue(d.dueAt, now))).toList(),
                reviews.stream().map(p -> new ReviewOwed(p.id, p.patientId, p.nextReviewDue,
                        DueRules.reviewOverdue(p.nextReviewDue, today))).toList());
    }

    /** An admission starts the clock on the initial plan (once per admission), in the event consumer's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void initialPlanDue(UUID clinic, UUID patient, UUID admissionId, LocalDate admissionDate) {
        if (PlanDue.count("admissionId", admissionId) == 0) {
            PlanDue due = new PlanDue();
            due.clinicId = clinic;
            due.patientId = patient;
            due.admissionId = admissionId;
            due.admittedOn = admissionDate;
            due.dueAt = DueRules.initialPlanDueAt(admissionDate, config.initialPlanWithin());
            due.persist();
        }
    }

    /**
     * A patient attended a session, in the event consumer's transaction: their note falls due. A corrected
     * attendance replaces the figures; the due time stays tied to the session.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attended(UUID clinic, UUID patient, SessionAttended data) {
        AttendedSession a = AttendedSession.<AttendedSession>find("sessionId = ?1 and patientId = ?2",
                data.sessionId(), patient).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElse(null);
        if (a == null) {
            a = new AttendedSession();
            a.id = UUID.randomUUID();
            a.clinicId = clinic;
            a.sessionId = data.sessionId();
            a.patientId = patient;
        }
        a.sessionKind = data.kind();
        a.minutesAttended = data.minutesAttended();
        a.sessionStartsAt = data.sessionStartsAt();
        a.facilitatorIds = new ArrayList<>(data.facilitatorIds());
        a.dueAt = DueRules.noteDueAt(data.sessionStartsAt(), config.signWithin());
        a.persist();
    }
}
