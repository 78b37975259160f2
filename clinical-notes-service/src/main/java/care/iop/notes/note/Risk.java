package care.iop.notes.note;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The risk section of a note: ideation, self-harm, overall level and whether the safety plan was reviewed. */
public record Risk(@NotNull Ideation suicidalIdeation, @NotNull Ideation homicidalIdeation, @NotNull Boolean selfHarm,
                   @NotNull Level level, Boolean safetyPlanReviewed, @Size(max = 4000) String notes) {

    public enum Ideation {
        NONE("none"), PASSIVE("passive"), ACTIVE("active");

        private final String value;

        Ideation(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    public enum Level {
        LOW("low"), MODERATE("moderate"), HIGH("high");

        private final String value;

        Level(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }
}
