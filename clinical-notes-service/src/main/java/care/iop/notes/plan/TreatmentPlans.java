package care.iop.notes.plan;

import care.iop.common.audit.AuditLog;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.events.audit.AuditAction;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.events.notes.TreatmentPlanReviewed;
import care.iop.notes.NotesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Treatment plans: versions kept forever, one current; reviews every few weeks rate each objective. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TreatmentPlans {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    @Inject
    NotesConfig config;

    public TreatmentPlan create(UUID clinicId, UUID patientId, PlanContent content, boolean participated,
                                Instant patientSignedAt) {
        TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2", clinicId, patientId).firstResultOptional()
                .ifPresent(existing -> {
                    throw ProblemException.conflict("The patient has a plan; add a new version to it",
                            "conflictingId", existing.id);
                });
        TreatmentPlan plan = new TreatmentPlan();
        plan.id = UUID.randomUUID();
        plan.clinicId = clinicId;
        plan.patientId = patientId;
        plan.currentVersion = 0;
        plan.nextReviewDue = today().plusDays(config.reviewEveryDays());
        plan.createdAt = Instant.now();
        plan.persist();
        addVersion(plan, content, participated, patientSignedAt);
        return plan;
    }

    public TreatmentPlanVersion addVersion(TreatmentPlan plan, PlanContent content, boolean participated,
                                           Instant patientSignedAt) {
        Set<UUID> previous = plan.currentVersion == 0 ? Set.of() : ids(current(plan).content);
        PlanContent withIds = checked(content, previous).withIds();
        TreatmentPlanVersion v = new TreatmentPlanVersion();
        v.id = UUID.randomUUID();
        v.planId = plan.id;
        v.clinicId = plan.clinicId;
        v.planVersion = plan.currentVersion + 1;
        v.content = withIds;
        v.patientParticipated = participated;
        v.patientSignedAt = patientSignedAt;
        v.createdBy = caller.requireStaffId();
        v.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        v.persist();
        plan.currentVersion = v.planVersion;
        em.flush();
        outbox.publish(new TreatmentPlanCreated(plan.id, v.planVersion, v.createdAt, withIds.problems().size(),
                withIds.objectives().size(), plan.nextReviewDue), plan.patientId, plan.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "TreatmentPlan", plan.id, plan.patientId,
                plan.clinicId));
        return v;
    }

    /** Rates every objective of the current version; the next review falls due the configured days later. */
    public TreatmentPlanReview review(TreatmentPlan plan, List<TreatmentPlanReview.ObjectiveRating> ratings,
                                      String summary) {
        TreatmentPlanVersion current = current(plan);
        Set<UUID> objectives = current.content.objectives().stream().map(PlanContent.Objective::id)
                .collect(Collectors.toSet());
        Set<UUID> rated = new HashSet<>();
        for (int i = 0; i < ratings.size(); i++) {
            UUID id = ratings.get(i).objectiveId();
            if (!objectives.contains(id)) {
                throw ProblemException.invalid("ratings[" + i + "].objectiveId",
                        "is not an objective of plan version " + current.planVersion);
            }
            if (!rated.add(id)) {
                throw ProblemException.invalid("ratings[" + i + "].objectiveId", "is rated twice");
            }
        }
        if (!rated.equals(objectives)) {
            throw ProblemException.invalid("ratings", "a review rates every objective of the current version ("
                    + objectives.size() + "); " + (objectives.size() - rated.size()) + " missing");
        }
        TreatmentPlanReview r = new TreatmentPlanReview();
        r.id = UUID.randomUUID();
        r.planId = plan.id;
        r.clinicId = plan.clinicId;
        r.planVersion = current.planVersion;
        r.reviewedBy = caller.requireStaffId();
        r.reviewedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        r.ratings = List.copyOf(ratings);
        r.summary = summary;
        r.nextReviewDue = today().plusDays(config.reviewEveryDays());
        r.persist();
        plan.nextReviewDue = r.nextReviewDue;
        // The review changes the plan even when the due date happens to stay: stale ETags must fail (412).
        em.lock(plan, jakarta.persistence.LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        em.flush();
        outbox.publish(new TreatmentPlanReviewed(plan.id, current.planVersion, r.reviewedAt, r.nextReviewDue,
                ratings.size()), plan.patientId, plan.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "TreatmentPlan", plan.id, plan.patientId,
                plan.clinicId));
        return r;
    }

    public TreatmentPlanVersion current(TreatmentPlan plan) {
        return TreatmentPlanVersion.<TreatmentPlanVersion>find("planId = ?1 and planVersion = ?2", plan.id,
                plan.currentVersion).singleResult();
    }

    /** Objectives of the patient's current plan (a progress note may say which it addressed). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<UUID> currentObjectiveIds(UUID clinicId, UUID patientId) {
        return TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2", clinicId, patientId)
                .firstResultOptional().map(p -> current(p).content.objectives().stream()
                        .map(PlanContent.Objective::id).collect(Collectors.toSet())).orElse(Set.of());
    }

    /** Goal and objective ids a client sends must be unique and come from the plan's previous version. */
    private static PlanContent checked(PlanContent content, Set<UUID> previous) {
        for (int i = 0; i < content.objectives().size(); i++) {
            if (content.objectives().get(i).goal() >= content.goals().size()) {
                throw ProblemException.invalid("objectives[" + i + "].goal", "names no goal of this plan");
            }
        }
        Set<UUID> seen = new HashSet<>();
        List<UUID> sent = new java.util.ArrayList<>();
        content.goals().forEach(g -> sent.add(g.id()));
        content.objectives().forEach(o -> sent.add(o.id()));
        for (UUID id : sent) {
            if (id != null && (!previous.contains(id) || !seen.add(id))) {
                throw ProblemException.invalid("content", "goal and objective ids are the previous version's, each "
                        + "used once; leave the id out for a new one");
            }
        }
        return content;
    }

    private static Set<UUID> ids(PlanContent content) {
        Set<UUID> ids = new HashSet<>();
        content.goals().forEach(g -> ids.add(g.id()));
        content.objectives().forEach(o -> ids.add(o.id()));
        return ids;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
