package care.iop.notes.fhir;

import care.iop.common.fhir.Part2Labels;
import care.iop.notes.plan.PlanContent;
import care.iop.notes.plan.PlanContent.Rating;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import care.iop.notes.plan.TreatmentPlanReview.ObjectiveRating;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The goals of a patient's current treatment plan as US Core Goals: the goal in the patient's own words (expressed by
 * the patient), one target per measurable objective with its target date, the objectives' text as notes, and a
 * lifecycle and achievement status from the latest review's ratings of the goal's objectives ({@link #status}). A goal
 * keeps its id across plan versions; one no longer in the current version is not served.
 */
final class GoalMapping {

    static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-goal";
    static final String ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement";
    static final String LIFECYCLE_SYSTEM = "http://hl7.org/fhir/goal-status";

    /** A goal's lifecycle status and, where a review says, its achievement code (goal-achievement). */
    record Status(GoalLifecycleStatus lifecycle, String achievement) {
    }

    private GoalMapping() {
    }

    /**
     * The status of a goal from the latest ratings of its objectives ({@code null}: not rated yet).
     * <ul>
     *   <li>nothing rated: active, no achievement status;</li>
     *   <li>every objective achieved or discontinued: completed (achieved) when one was achieved, else cancelled;</li>
     *   <li>otherwise active: worsening if one regressed, else improving if one is progressing or achieved, else
     *       no-progress if one was rated not started.</li>
     * </ul>
     */
    static Status status(List<Rating> ratings) {
        if (ratings.stream().allMatch(Objects::isNull)) {
            return new Status(GoalLifecycleStatus.ACTIVE, null);
        }
        boolean open = ratings.stream().anyMatch(r -> r != Rating.ACHIEVED && r != Rating.DISCONTINUED);
        if (!open) {
            return ratings.contains(Rating.ACHIEVED) ? new Status(GoalLifecycleStatus.COMPLETED, "achieved")
                    : new Status(GoalLifecycleStatus.CANCELLED, null);
        }
        if (ratings.contains(Rating.REGRESSED)) {
            return new Status(GoalLifecycleStatus.ACTIVE, "worsening");
        }
        if (ratings.contains(Rating.PROGRESSING) || ratings.contains(Rating.ACHIEVED)) {
            return new Status(GoalLifecycleStatus.ACTIVE, "improving");
        }
        return new Status(GoalLifecycleStatus.ACTIVE, ratings.contains(Rating.NOT_STARTED) ? "no-progress" : null);
    }

    static List<Goal> toFhir(PlanView plan) {
        List<PlanContent.Goal> goals = plan.current().content().goals();
        return IntStream.range(0, goals.size()).mapToObj(i -> toFhir(plan, i)).toList();
    }

    /** The goal with this id in the plan's current version, if it has one. */
    static java.util.Optional<Goal> toFhir(PlanView plan, java.util.UUID goalId) {
        List<PlanContent.Goal> goals = plan.current().content().goals();
        return IntStream.range(0, goals.size()).filter(i -> goalId.equals(goals.get(i).id())).boxed().findFirst()
                .map(i -> toFhir(plan, i));
    }

    private static Goal toFhir(PlanView plan, int index) {
        PlanContent content = plan.current().content();
        PlanContent.Goal goal = content.goals().get(index);
        List<PlanContent.Objective> objectives = content.objectives().stream()
                .filter(o -> o.goal() == index).toList();
        Map<java.util.UUID, Rating> latest = new HashMap<>();
        if (plan.lastReview() != null && plan.lastReview().ratings() != null) {
            for (ObjectiveRating r : plan.lastReview().ratings()) {
                latest.put(r.objectiveId(), r.rating());
            }
        }
        Status status = status(objectives.stream().map(o -> latest.get(o.id())).toList());

        Goal g = new Goal();
        String version = Long.toString(plan.version());
        g.setId(new IdType("Goal", goal.id().toString(), version));
        g.getMeta().setVersionId(version).setLastUpdated(Date.from(lastUpdated(plan))).addProfile(PROFILE);
        Part2Labels.label(g);
        g.setLifecycleStatus(status.lifecycle());
        if (status.achievement() != null) {
            g.setAchievementStatus(new CodeableConcept(new Coding(ACHIEVEMENT_SYSTEM, status.achievement(),
                    achievementDisplay(status.achievement()))));
        }
        g.setDescription(new CodeableConcept().setText(goal.inPatientsWords()));
        g.setSubject(new Reference("Patient/" + plan.patientId()));
        g.setExpressedBy(new Reference("Patient/" + plan.patientId()));
        for (PlanContent.Objective o : objectives) {
            g.addTarget().setDue(new DateType(o.targetDate().toString()));
            g.addNote().setText("Objective: " + o.description() + " (target " + o.targetDate() + ")");
        }
        return g;
    }

    /** The target dates of a goal, for target-date searches. */
    static List<FhirSearch.Range> targetDates(Goal goal) {
        List<FhirSearch.Range> dates = new ArrayList<>();
        for (Goal.GoalTargetComponent t : goal.getTarget()) {
            if (t.hasDueDateType()) {
                dates.add(FhirSearch.Range.day(java.time.LocalDate.parse(t.getDueDateType().getValueAsString())));
            }
        }
        return dates;
    }

    static Instant lastUpdated(PlanView plan) {
        return Stream.of(plan.current().createdAt(), plan.lastReview() == null ? null : plan.lastReview().reviewedAt())
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(plan.current().createdAt());
    }

    private static String achievementDisplay(String code) {
        return switch (code) {
            case "achieved" -> "Achieved";
            case "worsening" -> "Worsening";
            case "improving" -> "Improving";
            case "no-progress" -> "No Progress";
            default -> code;
        };
    }
}
