package care.iop.notes.plan;

import care.iop.notes.note.Intervention;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A treatment plan's content: problems, goals in the patient's words, measurable objectives, interventions. */
public record PlanContent(@NotEmpty @Size(max = 20) List<@NotNull @Valid Problem> problems,
                          @NotEmpty @Size(max = 20) List<@NotNull @Valid Goal> goals,
                          @NotEmpty @Size(max = 50) List<@NotNull @Valid Objective> objectives,
                          @NotEmpty @Size(max = 30) List<@NotNull @Valid PlannedIntervention> interventions) {

    /** ICD-10-CM code form: letter, two characters, optional dot and up to four more. */
    public static final String ICD10 = "[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?";

    @Schema(name = "PlanProblem")
    public record Problem(@NotNull @Pattern(regexp = ICD10) String icd10, @NotBlank @Size(max = 500) String description) {
    }

    /** A goal as the patient put it. The id is assigned when left out and kept across versions when sent back. */
    @Schema(name = "PlanGoal")
    public record Goal(UUID id, @NotBlank @Size(max = 1000) String inPatientsWords) {
    }

    /** A measurable step towards a goal ({@code goal} is the goal's 0-based position). */
    @Schema(name = "PlanObjective")
    public record Objective(UUID id, @NotNull @Min(0) @Max(19) Integer goal,
                            @NotBlank @Size(max = 1000) String description, @NotNull LocalDate targetDate) {
    }

    @Schema(name = "PlanIntervention")
    public record PlannedIntervention(@NotNull Intervention modality, @NotBlank @Size(max = 200) String frequency,
                                      @NotNull UUID responsibleStaffId) {
    }

    public enum Rating {
        NOT_STARTED("not-started"), PROGRESSING("progressing"), ACHIEVED("achieved"), REGRESSED("regressed"),
        DISCONTINUED("discontinued");

        private final String value;

        Rating(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    /** The same content with ids given to new goals and objectives. */
    public PlanContent withIds() {
        return new PlanContent(problems,
                goals.stream().map(g -> new Goal(g.id() != null ? g.id() : UUID.randomUUID(), g.inPatientsWords()))
                        .toList(),
                objectives.stream().map(o -> new Objective(o.id() != null ? o.id() : UUID.randomUUID(), o.goal(),
                        o.description(), o.targetDate())).toList(),
                interventions);
    }
}
