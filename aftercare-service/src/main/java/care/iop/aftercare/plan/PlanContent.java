package care.iop.aftercare.plan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** What a relapse-prevention plan holds, in the patient's and clinician's words. */
public record PlanContent(@NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 500) String> triggers,
                          @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 500) String> warningSigns,
                          @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 500) String> copingStrategies,
                          @Size(max = 10) List<@NotNull @Valid Contact> peopleToCall,
                          @NotBlank @Size(max = 4000) String crisisPlan,
                          @Size(max = 10) List<@NotNull @Valid Contact> accountabilityPartners) {

    public record Contact(@NotBlank @Size(max = 200) String name, @Size(max = 100) String relationship,
                          @Pattern(regexp = "[+0-9 ()-]{3,30}") String phone) {
    }
}
