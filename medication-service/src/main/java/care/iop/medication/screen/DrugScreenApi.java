package care.iop.medication.screen;

import care.iop.events.medication.ScreenResult;
import care.iop.events.medication.SubstanceResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the drug-screen endpoints. */
public final class DrugScreenApi {

    static final String SUBSTANCE = "[A-Z0-9]{2,10}";

    private DrugScreenApi() {
    }

    public record ScreenOrder(@NotNull @Pattern(regexp = "urine|oral-fluid") String specimen,
                              @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = SUBSTANCE) String> panel) {
    }

    public record Collection(Instant collectedAt) {
    }

    public record ResultEntry(@NotNull @Pattern(regexp = SUBSTANCE) String substanceCode, @NotNull ScreenResult result) {
    }

    public record Results(@NotEmpty @Size(max = 20) List<@NotNull @Valid ResultEntry> results) {
    }

    public record ScreenView(UUID id, UUID patientId, String specimen, List<String> panel, DrugScreen.Status status,
                             Instant orderedAt, Instant collectedAt, Instant resultedAt, Boolean unexpectedPositive,
                             List<SubstanceResult> results, long version) {
    }
}
