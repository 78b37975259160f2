package care.iop.notes.fhir;

import care.iop.notes.plan.PlanContent.Rating;
import care.iop.notes.plan.TreatmentPlanApi.PlanView;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Treatment plans and their goals as US Core CarePlan and Goal, and a goal's status from its objectives' ratings.
 * (US Core validation is in {@link TreatmentPlanFhirTest}, on what the API answers.)
 */
class GoalMappingTest {

    private static GoalMapping.Status status(Rating... ratings) {
        return GoalMapping.status(Arrays.asList(ratings));
    }

    /** Ratings of a goal's objectives (null: not rated yet) and the lifecycle and achievement (goal-achievement). */
    @Test
    void a_goals_status_follows_its_objectives_latest_ratings() {
        assertThat(status()).isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, null));
        assertThat(status(null, null)).isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, null));
        assertThat(status(Rating.ACHIEVED, Rating.ACHIEVED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.COMPLETED, "achieved"));
        assertThat(status(Rating.ACHIEVED, Rating.DISCONTINUED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.COMPLETED, "achieved"));
        assertThat(status(Rating.DISCONTINUED, Rating.DISCONTINUED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.CANCELLED, null));
        assertThat(status(Rating.ACHIEVED, null))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, "improving"));
        assertThat(status(Rating.PROGRESSING, Rating.REGRESSED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, "worsening"));
        assertThat(status(Rating.PROGRESSING, Rating.NOT_STARTED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, "improving"));
        assertThat(status(Rating.NOT_STARTED, Rating.DISCONTINUED))
                .isEqualTo(new GoalMapping.Status(GoalLifecycleStatus.ACTIVE, "no-progress"));
    }

    @Test
    void goals_carry_the_patients_words_one_target_per_objective() {
        PlanView plan = MappingSamples.plan(List.of(Rating.ACHIEVED, Rating.ACHIEVED));
        List<Goal> goals = GoalMapping.toFhir(plan);
        assertThat(goals).hasSize(2);
        Goal first = goals.get(0);
        assertThat(first.getIdElement().getIdPart()).isEqualTo(plan.current().content().goals().get(0).id().toString());
        assertThat(first.getMeta().getVersionId()).isEqualTo("4");
        assertThat(first.getDescription().getText()).isEqualTo("I want to stop drinking");
        assertThat(first.getLifecycleStatus()).isEqualTo(GoalLifecycleStatus.COMPLETED);
        assertThat(first.getTarget()).extracting(t -> t.getDueDateType().getValueAsString())
                .containsExactly("2026-04-13", "2026-04-27");
        assertThat(first.getSubject().getReference()).isEqualTo("Patient/" + plan.patientId());
        assertThat(first.getMeta().getSecurity()).extracting(c -> c.getCode()).contains("42CFRPart2");
        Goal second = goals.get(1);
        assertThat(second.getLifecycleStatus()).isEqualTo(GoalLifecycleStatus.ACTIVE);
        assertThat(second.hasAchievementStatus()).isFalse();
        assertThat(GoalMapping.toFhir(plan, plan.current().content().goals().get(1).id())).isPresent();
        assertThat(GoalMapping.toFhir(plan, java.util.UUID.randomUUID())).isEmpty();
    }

    @Test
    void the_care_plan_is_the_current_version_with_a_narrative_of_counts_only() {
        PlanView plan = MappingSamples.plan(null);
        CarePlan c = CarePlanMapping.toFhir(plan);
        assertThat(c.getIdElement().getIdPart()).isEqualTo("treatment-plan-" + plan.id());
        assertThat(c.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(c.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PLAN);
        assertThat(c.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("assess-plan");
        assertThat(c.getGoal()).extracting(r -> r.getReference()).containsExactly(
                "Goal/" + plan.current().content().goals().get(0).id(),
                "Goal/" + plan.current().content().goals().get(1).id());
        String div = c.getText().getDivAsString();
        assertThat(div).contains("version 2 of 2026-03-02", "1 problem, 2 goals, 3 objectives, 1 intervention",
                "Next review due 2026-04-01");
        assertThat(div).doesNotContain("drinking", "F10", "Alcohol", "triggers");
        assertThat(CarePlanMapping.planId("treatment-plan-" + plan.id())).isEqualTo(plan.id());
    }
}
