package care.iop.notes.disclosure;

import care.iop.common.disclosure.Disclosures;
import care.iop.common.disclosure.Disclosures.Disclosure;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.intake.ConsentCategory;
import care.iop.notes.note.Intervention;
import care.iop.notes.plan.PlanContent;
import care.iop.notes.plan.TreatmentPlan;
import care.iop.notes.plan.TreatmentPlanReview;
import care.iop.notes.plan.TreatmentPlanVersion;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What clinical notes discloses to a partner with the patient's consent: a summary of the current treatment plan.
 * Never notes, psychotherapy notes, review comments or the staff behind the plan.
 */
@Path("/api/v1/notes/disclosures/patients/{patientId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner disclosures (42 CFR Part 2)")
@RolesAllowed(Roles.PARTNER)
@RetryOnConflict
public class DisclosureResource {

    @Schema(name = "DisclosedProblem")
    public record Problem(String icd10, String description) {
    }

    @Schema(name = "DisclosedGoal")
    public record Goal(UUID id, String inPatientsWords) {
    }

    /** An objective with its progress as last rated ({@code status} null when never rated). */
    @Schema(name = "DisclosedObjective")
    public record Objective(UUID id, int goal, String description, LocalDate targetDate, PlanContent.Rating status) {
    }

    @Schema(name = "DisclosedIntervention")
    public record PlannedIntervention(Intervention modality, String frequency) {
    }

    @Schema(name = "DisclosedObjectiveRating")
    public record ObjectiveRating(UUID objectiveId, PlanContent.Rating rating) {
    }

    @Schema(name = "DisclosedReview")
    public record LatestReview(Instant reviewedAt, int planVersion, List<ObjectiveRating> ratings) {
    }

    /** Empty lists and nulls when the patient has no plan, so a partner cannot tell patients without one apart. */
    public record TreatmentPlanSummary(Integer planVersion, LocalDate nextReviewDue, List<Problem> problems,
                                       List<Goal> goals, List<Objective> objectives,
                                       List<PlannedIntervention> interventions, LatestReview latestReview) {
        static final TreatmentPlanSummary NONE = new TreatmentPlanSummary(null, null, List.of(), List.of(), List.of(),
                List.of(), null);
    }

    @Inject
    Disclosures disclosures;

    @GET
    @Path("treatment-plan-summary")
    @Operation(summary = "The current treatment plan's problems, goals, objectives and interventions with the latest "
            + "review's ratings, if the patient consented to disclose them to this partner",
            description = "403 without an active consent for treatment-plan-summary naming the partner; the answer "
                    + "carries the 42 CFR §2.32 notice. A patient without a plan gets empty data.")
    public Disclosure<TreatmentPlanSummary> treatmentPlanSummary(@PathParam("patientId") UUID patientId) {
        return disclosures.disclose(patientId, ConsentCategory.TREATMENT_PLAN_SUMMARY, "TreatmentPlan", clinic ->
                TreatmentPlan.<TreatmentPlan>find("clinicId = ?1 and patientId = ?2", clinic, patientId)
                        .firstResultOptional().map(this::summary).orElse(TreatmentPlanSummary.NONE));
    }

    private TreatmentPlanSummary summary(TreatmentPlan plan) {
        TreatmentPlanVersion current = TreatmentPlanVersion.<TreatmentPlanVersion>find(
                "planId = ?1 and planVersion = ?2", plan.id, plan.currentVersion).firstResult();
        if (current == null || current.content == null) {
            return new TreatmentPlanSummary(null, plan.nextReviewDue, List.of(), List.of(), List.of(), List.of(), null);
        }
        TreatmentPlanReview last = TreatmentPlanReview.<TreatmentPlanReview>find("planId = ?1 order by reviewedAt desc",
                plan.id).firstResult();
        // Objectives keep their ids across versions: the latest rating of each is its status.
        Map<UUID, PlanContent.Rating> rated = new HashMap<>();
        TreatmentPlanReview.<TreatmentPlanReview>list("planId = ?1 order by reviewedAt", plan.id).forEach(r -> {
            if (r.ratings != null) {
                r.ratings.forEach(x -> rated.put(x.objectiveId(), x.rating()));
            }
        });
        PlanContent c = current.content;
        return new TreatmentPlanSummary(current.planVersion, plan.nextReviewDue,
                c.problems().stream().map(p -> new Problem(p.icd10(), p.description())).toList(),
                c.goals().stream().map(g -> new Goal(g.id(), g.inPatientsWords())).toList(),
                c.objectives().stream().map(o -> new Objective(o.id(), o.goal(), o.description(), o.targetDate(),
                        rated.get(o.id()))).toList(),
                c.interventions().stream().map(i -> new PlannedIntervention(i.modality(), i.frequency())).toList(),
                last == null ? null : new LatestReview(last.reviewedAt, last.planVersion,
                        last.ratings == null ? List.of() : last.ratings.stream()
                                .map(x -> new ObjectiveRating(x.objectiveId(), x.rating())).toList()));
    }
}
