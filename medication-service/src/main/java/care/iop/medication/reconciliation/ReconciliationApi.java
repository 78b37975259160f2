package care.iop.medication.reconciliation;

import care.iop.medication.order.OrderApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the reconciliation endpoints. */
public final class ReconciliationApi {

    private ReconciliationApi() {
    }

    public record HomeMedication(@NotBlank @Size(max = 200) String medication,
                                 @Pattern(regexp = OrderApi.CODE) String catalogueId, @Size(max = 200) String doseText,
                                 @NotNull ReconciliationItem.Decision decision, @Size(max = 1000) String note) {
    }

    public record ReconciliationRequest(@NotEmpty @Size(max = 60) List<@NotNull @Valid HomeMedication> items) {
    }

    public record ReconciliationView(UUID id, UUID patientId, UUID completedBy, Instant completedAt,
                                     List<HomeMedication> items) {
    }
}
