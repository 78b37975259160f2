package care.iop.notes.due;

import care.iop.common.audit.AuditLog;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.notes.plan.PlanDue;
import care.iop.notes.plan.TreatmentPlan;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** What documentation is owed: session notes, initial treatment plans and plan reviews, due and overdue. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
@Tag(name = "Documentation worklist")
@RetryOnConflict
public class WorklistResource {

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

    @GET
    @Path("worklist")
    @Transactional
    @Operation(summary = "Notes, initial plans and plan reviews owed in the clinic, oldest first",
            description = "clinicianId narrows notes to sessions that clinician facilitated. Ids and dates only.")
    public Worklist worklist(@QueryParam("clinicianId") UUID clinicianId) {
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
                + "order by nextReviewDue", clinic, today.plusDays(7)).range(0, 499).list();
        audit.recordAll(Stream.of(owed.stream().map(a -> a.patientId), plansOwed.stream().map(d -> d.patientId),
                        reviews.stream().map(p -> p.patientId)).flatMap(s -> s).distinct()
                .map(p -> AuditLog.Entry.success(AuditAction.READ, "DocumentationWorklist", null, p, clinic)).toList());
        return new Worklist(
                owed.stream().map(a -> new NoteDue(a.sessionId, a.patientId, a.sessionStartsAt, a.dueAt,
                        a.dueAt.isBefore(now), List.copyOf(a.facilitatorIds))).toList(),
                plansOwed.stream().map(d -> new PlanOwed(d.patientId, d.admissionId, d.admittedOn, d.dueAt,
                        d.dueAt.isBefore(now))).toList(),
                reviews.stream().map(p -> new ReviewOwed(p.id, p.patientId, p.nextReviewDue,
                        p.nextReviewDue.isBefore(today))).toList());
    }
}
