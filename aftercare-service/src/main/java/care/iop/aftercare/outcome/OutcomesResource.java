package care.iop.aftercare.outcome;

import care.iop.aftercare.outcome.OutcomeService.Outcomes;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.List;

/** Program outcomes for a clinic and period: aggregates only ({@link OutcomeService}). */
@Path("/api/v1/aftercare")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINIC_ADMIN, Roles.CASE_MANAGER, Roles.CLINICAL_SUPERVISOR, Roles.EHR_INTEGRATION})
@Tag(name = "Program outcomes")
public class OutcomesResource {

    @Inject
    OutcomeService outcomes;

    @GET
    @Path("outcomes")
    @Operation(summary = "Completion, drop-out, length of stay, IET initiation and engagement, follow-up reach, "
            + "flagged and readmitted shares for discharges in a period",
            description = "Defaults to the last 90 days. groupBy=month gives one entry per calendar month (at most 24). "
                    + "Completion is TEDS-D reason 1, drop-out reason 2; IET rates are over all discharges; reach is "
                    + "reached over completed follow-ups; flagged is patients flagged in the period over patients in "
                    + "care in it; readmitted is discharged patients with a later admission.")
    public List<Outcomes> outcomes(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                   @Parameter(description = "month: one entry per calendar month",
                                           schema = @Schema(type = SchemaType.STRING, enumeration = "month"))
                                   @QueryParam("groupBy") String groupBy) {
        return outcomes.outcomes(from, to, groupBy);
    }
}
