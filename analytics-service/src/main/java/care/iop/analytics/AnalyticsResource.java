package care.iop.analytics;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Program outcome measures of a clinic. HTTP only: checks, then {@link MeasuresService}. */
@Path("/api/v1/analytics")
@Tag(name = "Analytics", description = "Program outcome measures computed from the event stream")
@SecurityRequirement(name = "SecurityScheme")
public class AnalyticsResource {

    public static final String CSV = "text/csv";

    @Inject
    MeasuresService measures;

    @Inject
    JsonWebToken token;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/clinics/{clinicId}/measures")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({"clinic-admin", "clinical-supervisor", "auditor"})
    @Operation(summary = "The clinic's outcome measures per ISO week or month",
            description = "Census, admissions, discharges by TEDS-D reason and completion rate, length of stay, "
                    + "readmission within 30 and 90 days, attendance rate (docs/analytics.md). Counts 1-10 are shown "
                    + "as \"<11\" and rates built on them withheld. Only for clinic-admin, clinical-supervisor and "
                    + "auditor of the same clinic (another clinic: 403). JSON, or CSV with Accept: text/csv.")
    @APIResponse(responseCode = "200", description = "The measures, one entry (or CSV line) per period", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeasuresAnswer.class)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "A parameter is missing or not valid",
            content = @Content(mediaType = ProblemDocument.MEDIA_TYPE,
                    schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = ProblemDocument.MEDIA_TYPE,
                    schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "403", description = "Not one of the roles, or another clinic",
            content = @Content(mediaType = ProblemDocument.MEDIA_TYPE,
                    schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "503", description = "The event stream is still being loaded",
            content = @Content(mediaType = ProblemDocument.MEDIA_TYPE,
                    schema = @Schema(implementation = ProblemDocument.class)))
    public Response measures(
            @PathParam("clinicId") String clinicId,
            @Parameter(description = "week (ISO, Monday to Sunday) or month",
                    schema = @Schema(implementation = PeriodKind.class)) @QueryParam("period") String period,
            @Parameter(description = "First day (ISO date); the period containing it is the first one",
                    required = true, schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("from") String from,
            @Parameter(description = "Last day (ISO date); the period containing it is the last one",
                    required = true, schema = @Schema(type = SchemaType.STRING, format = "date"))
            @QueryParam("to") String to,
            @Parameter(description = "Only this track code (admissions carry it)") @QueryParam("track") String track,
            @jakarta.ws.rs.core.Context HttpHeaders headers) {
        UUID clinic = CallersClinic.check(token, clinicId);
        PeriodKind kind;
        try {
            kind = PeriodKind.fromString(period == null ? "week" : period);
        } catch (IllegalArgumentException e) {
            throw AnalyticsProblem.badRequest("period must be week or month");
        }
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (track != null && !track.matches("[A-Za-z0-9._-]{1,64}")) {
            throw AnalyticsProblem.badRequest("track must be a track code");
        }
        try {
            Measures.periodStarts(kind, first, last);
        } catch (IllegalArgumentException e) {
            throw AnalyticsProblem.badRequest(e.getMessage());
        }
        MeasuresAnswer answer = measures.measures(clinic, kind, first, last, track);
        boolean csv = headers.getAcceptableMediaTypes().stream().findFirst()
                .map(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType()).orElse(false);
        return csv ? Response.ok(MeasuresCsv.write(answer), CSV).build()
                : Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw AnalyticsProblem.badRequest(name + " is required (an ISO date, 2026-01-31)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw AnalyticsProblem.badRequest(name + " must be an ISO date (2026-01-31)");
        }
    }
}
