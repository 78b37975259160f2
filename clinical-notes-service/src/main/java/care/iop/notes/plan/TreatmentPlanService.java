package care.iop.notes.plan;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.events.notes.TreatmentPlanCreated;
import care.iop.events.notes.TreatmentPlanReviewed;
import care.iop.notes.NotesConfig;
import care.iop.notes.patient.KnownPatient;
import care.iop.notes.plan.TreatmentPlanApi.PlanRequest;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanApi.ReviewRequest;
import care.iop.notes.plan.TreatmentPlanApi.ReviewView;
import care.iop.notes.plan.TreatmentPlanApi.VersionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Treatment plans: versions kept forever, one current; reviews every few weeks rate each objective. The methods the
 * resource calls own their transaction and answer with views; the rest join the caller's (a note's, an event's).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TreatmentPlanService {

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

    @Inject
    Idempotency idempotency;

    /** A written review and the plan's version after it. */
    public record Reviewed(ReviewView review, long planVersion) {
    }

    /** Writes a known patient's initial plan once per Idempotency-Key; {@code answer} maps it to the response. */
    @Transactional
    @RetryOnConflict
    public Response create(UUID patientId, PlanRequest request, String idempotencyKey,
                           Function<PlanView, Response> answer) {
        return idempotency.create(idempotencyKey, request, () -> {
            UUID clinic = caller.requireClinicId();
            KnownPatient.requireForWrite(clinic, patientId);
            return answer.apply(view(create(clinic, patientId, request.content(), request.patientParticipated(),
                    request.patientSignedAt())));
        });
    }

    /** Adds a version (If-Match required). */
    @Transactional
    @RetryOnConflict
    public PlanView revise(UUID id, PlanRequest request, String ifMatch) {
        TreatmentPlan plan = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, plan.version, true);
        addVersion(plan, request.content(), request.patientParticipated(), request.patientSignedAt());
        em.flush();
        return view(plan);
    }

    /** Reviews the current version (If-Match required). */
    @Transactional
    @RetryOnConflict
    public Reviewed review(UUID id, ReviewRequest request, String ifMatch) {
        TreatmentPlan plan = require(id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, plan.version, true);
        TreatmentPlanReview r = review(plan, request.ratings().stream()
                .map(x -> new TreatmentPlanReview.ObjectiveRating(x.objectiveId(), x.rating(), x.comment())).toList(),
                request.summary());
        em.flush();
        return new Reviewed(ReviewView.of(r), plan.version);
    }

    /** A patient's current plan with its latest review; audited as a read. */
    @Transactional
    @RetryOnConflict
    public PlanView current(UUID patientId) {
        TreatmentPlan plan = TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2", caller.requireClinicId(),
                patientId).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Treatment plan of patient",
                patientId));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return view(plan);
    }

    /** Every version, oldest first; audited as a read. */
    @Transactional
    @RetryOnConflict
    public List<VersionView> versions(UUID id) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return TreatmentPlanVersion.<TreatmentPlanVersion>list("planId = ?1 order by planVersion", plan.id).stream()
                .map(VersionView::of).toList();
    }

    /** A plan by id with its latest review; audited as a read; 404 when the caller's clinic has none. */
    @Transactional
    @RetryOnConflict
    public PlanView get(UUID id) {
        return audited(require(id, LockModeType.NONE));
    }

    /** One version of a plan; audited as a read; 404 when there is no such version. */
    @Transactional
    @RetryOnConflict
    public VersionView getVersion(UUID id, int planVersion) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        TreatmentPlanVersion v = TreatmentPlanVersion.<TreatmentPlanVersion>find("planId = ?1 and planVersion = ?2",
                plan.id, planVersion).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Treatment plan version", planVersion));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return VersionView.of(v);
    }

    /** One review of a plan; audited as a read; 404 when the plan has no such review. */
    @Transactional
    @RetryOnConflict
    public ReviewView getReview(UUID id, UUID reviewId) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        TreatmentPlanReview r = TreatmentPlanReview.<TreatmentPlanReview>find("id = ?1 and planId = ?2", reviewId,
                plan.id).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Review", reviewId));
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return ReviewView.of(r);
    }

    /** Every review, oldest first; audited as a read. */
    @Transactional
    @RetryOnConflict
    public List<ReviewView> reviews(UUID id) {
        TreatmentPlan plan = require(id, LockModeType.NONE);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return TreatmentPlanReview.<TreatmentPlanReview>list("planId = ?1 order by reviewedAt", plan.id).stream()
                .map(ReviewView::of).toList();
    }

    /** A plan of the caller's clinic by id with its latest review, audited as a read; empty when there is none. */
    @Transactional
    @RetryOnConflict
    public Optional<PlanView> find(UUID id) {
        return TreatmentPlan.<TreatmentPlan>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId())
                .firstResultOptional().map(this::audited);
    }

    /**
     * A patient's current plan when there is one and {@code disclosed} accepts it (a search's other criteria);
     * audited as a read only then, as the REST read of the current plan is.
     */
    @Transactional
    @RetryOnConflict
    public Optional<PlanView> currentIf(UUID patientId, Predicate<PlanView> disclosed) {
        Optional<TreatmentPlan> plan = TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2",
                caller.requireClinicId(), patientId).firstResultOptional();
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        PlanView view = view(plan.get());
        if (!disclosed.test(view)) {
            return Optional.empty();
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.get().id, plan.get().patientId,
                plan.get().clinicId));
        return Optional.of(view);
    }

    /** The plan of the caller's clinic whose current version sets this goal, audited as a read; else empty. */
    @Transactional
    @RetryOnConflict
    public Optional<PlanView> findByGoal(UUID goalId) {
        List<?> ids = em.createNativeQuery("""
                        select p.id from treatment_plan p
                          join treatment_plan_version v on v.plan_id = p.id and v.plan_version = p.current_version
                         where p.clinic_id = :clinic and v.content -> 'goals' @> cast(:goal as jsonb)""")
                .setParameter("clinic", caller.requireClinicId())
                .setParameter("goal", "[{\"id\":\"" + goalId + "\"}]")
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : find((UUID) ids.get(0));
    }

    private PlanView audited(TreatmentPlan plan) {
        audit.record(AuditLog.Entry.success(AuditAction.READ, "TreatmentPlan", plan.id, plan.patientId, plan.clinicId));
        return view(plan);
    }

    private TreatmentPlan require(UUID id, LockModeType lock) {
        return TreatmentPlan.<TreatmentPlan>find("id = ?1 and clinicId = ?2", id, caller.requireClinicId()).withLock(lock)
                .firstResultOptional().orElseThrow(() -> ProblemException.notFound("Treatment plan", id));
    }

    private PlanView view(TreatmentPlan plan) {
        TreatmentPlanReview last = TreatmentPlanReview.<TreatmentPlanReview>find("planId = ?1 order by reviewedAt desc",
                plan.id).firstResult();
        return new PlanView(plan.id, plan.patientId, plan.currentVersion, plan.nextReviewDue,
                VersionView.of(current(plan)), last == null ? null : ReviewView.of(last), plan.version);
    }

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
