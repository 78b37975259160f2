package care.iop.medication.mar;

import care.iop.common.security.Roles;
import care.iop.medication.order.OrderApi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Dose administration (nurses) and what it adds up to: the MAR and adherence. */
@Path("/api/v1/medications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRESCRIBER, Roles.NURSE, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
        Roles.CASE_MANAGER, Roles.EHR_INTEGRATION})
@Tag(name = "Dose administration")
public class AdministrationResource {

    public record AdministrationRequest(@NotNull Administration.Outcome outcome, Instant scheduledFor,
                                        Instant administeredAt,
                                        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000") BigDecimal dose,
                                        @Pattern(regexp = "mg|mcg|g|mL|tablet|film|patch|piece|spray|unit") String doseUnit,
                                        @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9-]{1,40}") String lot,
                                        @Min(0) @Max(AdministrationService.MAX_TAKE_HOME_DOSES) Integer takeHomeDoses,
                                        @Pattern(regexp = OrderApi.CODE) String reasonCode) {
    }

    public record AdministrationView(UUID id, UUID orderId, Instant scheduledFor, Administration.Outcome outcome,
                                     Instant administeredAt, BigDecimal dose, String doseUnit, String lot,
                                     int takeHomeDoses, String reasonCode, UUID recordedBy, Instant recordedAt) {
        static AdministrationView of(Administration a) {
            return new AdministrationView(a.id, a.orderId, a.scheduledFor, a.outcome, a.administeredAt, a.dose,
                    a.doseUnit, a.lot, a.takeHomeDoses, a.reasonCode, a.recordedBy, a.recordedAt);
        }
    }

    @Inject
    AdministrationService administrations;

    @POST
    @Path("orders/{id}/administrations")
    @RolesAllowed(Roles.NURSE)
    @Operation(summary = "Record a dose: administered, refused or held (nurses)",
            description = "An injectable needs its lot number; take-home doses go with an administered dose of a "
                    + "MAT-program order. A dose given within a scheduled time's window answers that scheduled dose; "
                    + "a scheduled dose is recorded once (409).")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the administration",
            headers = @Header(name = "Location", description = "The administration's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdministrationView.class)))
    public Response record(@PathParam("id") UUID orderId, @NotNull @Valid AdministrationRequest r) {
        Administration a = administrations.record(orderId, new AdministrationService.Entry(r.outcome(),
                r.scheduledFor(), r.administeredAt(), r.dose(), r.doseUnit(), r.lot(),
                r.takeHomeDoses() == null ? 0 : r.takeHomeDoses(), r.reasonCode()));
        return Response.created(UriBuilder.fromResource(AdministrationResource.class).path("administrations")
                .path(a.id.toString()).build()).entity(AdministrationView.of(a)).build();
    }

    @GET
    @Path("administrations/{id}")
    @Operation(summary = "One recorded dose")
    public AdministrationView administration(@PathParam("id") UUID id) {
        return AdministrationView.of(administrations.get(id));
    }

    @GET
    @Path("patients/{patientId}/administrations")
    @Operation(summary = "A patient's medication administration record between two dates (default the last 7 days)")
    public List<AdministrationView> mar(@PathParam("patientId") UUID patientId, @QueryParam("from") LocalDate from,
                                        @QueryParam("to") LocalDate to) {
        return administrations.mar(patientId, from, to).stream().map(AdministrationView::of).toList();
    }

    @GET
    @Path("patients/{patientId}/adherence")
    @Operation(summary = "Adherence per order over a window: scheduled doses against administered, refused, held, missed",
            description = "Counts scheduled doses whose time has come; default the last 30 days.")
    public List<AdministrationService.Adherence> adherence(@PathParam("patientId") UUID patientId,
                                                           @QueryParam("from") LocalDate from,
                                                           @QueryParam("to") LocalDate to) {
        return administrations.adherence(patientId, from, to);
    }
}
