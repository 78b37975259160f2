package care.iop.scheduling.billing;

import care.iop.common.problem.ProblemException;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Claim lines of billable days, for billing staff and EHR clients (issue #23). */
@Path("/api/v1/scheduling/billing")
@RolesAllowed({Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CASE_MANAGER})
@Tag(name = "Billing")
public class BillingResource {

    public static final String CSV = "text/csv";

    /** Longest range asked at once, in days (a year, leap day included). */
    static final int MAX_DAYS = 366;

    @Inject
    BillingService billing;

    @GET
    @Path("claim-lines")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "The clinic's claim lines of billable days with a service date in a range",
            description = "One original line per billable day (per session for a per-service payer); a day changed "
                    + "afterwards has a reversal line for each of its lines, then new lines (docs/billing.md). "
                    + "JSON, or CSV with Accept: text/csv. Each patient listed is audited as read.")
    @APIResponse(responseCode = "200", description = "The lines, by date, patient and time recorded", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ClaimLineView.class)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "A date missing or not valid, from after to, a range over 366 "
            + "days, or a payer rule set the table does not have")
    public Response claimLines(
            @Parameter(description = "First service date (ISO date)", required = true,
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "Last service date (ISO date), at most 366 days after from", required = true,
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = "Only this payer rule set, e.g. h0015") @QueryParam("payer") String payer,
            @Context HttpHeaders headers) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ProblemException.invalid("to", "at most " + MAX_DAYS + " days from from");
        }
        if (payer != null && !billing.ruleSetIds().contains(payer)) {
            throw ProblemException.invalid("payer", "is not a payer rule set of the table: "
                    + String.join(", ", billing.ruleSetIds()));
        }
        List<ClaimLineView> lines = billing.claimLines(first, last, payer).stream().map(ClaimLineView::of).toList();
        boolean csv = headers.getAcceptableMediaTypes().stream().findFirst()
                .map(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType()).orElse(false);
        return csv ? Response.ok(ClaimLinesCsv.write(lines), CSV).build()
                : Response.ok(lines, MediaType.APPLICATION_JSON).build();
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required (an ISO date, e.g. 2026-03-09)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "is not an ISO date (e.g. 2026-03-09)");
        }
    }
}
