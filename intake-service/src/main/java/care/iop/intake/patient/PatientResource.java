package care.iop.intake.patient;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.intake.patient.PatientApi.CoverageRequest;
import care.iop.intake.patient.PatientApi.CoverageView;
import care.iop.intake.patient.PatientApi.PatientRequest;
import care.iop.intake.patient.PatientApi.PatientView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Patients")
@RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
public class PatientResource {

    private static final String IDENTIFIER = "[A-Za-z0-9.:_-]{1,100}";

    @Inject
    PatientService patients;

    @POST
    @Path("patients")
    @Operation(summary = "Register a patient",
            description = "409 names a likely duplicate (same identifier, or same name and birth date) unless "
                    + "confirmNotDuplicate=true. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Registered; Location names the patient",
            headers = @Header(name = "Location", description = "The patient's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class)))
    public Response create(@NotNull @Valid PatientRequest request,
                           @QueryParam("confirmNotDuplicate") @DefaultValue("false") boolean confirmNotDuplicate,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return patients.create(request, confirmNotDuplicate, idempotencyKey, PatientResource::created);
    }

    @PUT
    @Path("patients/by-identifier/{system}/{value}")
    @Operation(summary = "Create or update a patient by an external system's identifier",
            description = "201 when created, 200 when the identifier already named a patient; retries are safe.")
    @APIResponse(responseCode = "200", description = "The patient the identifier named, updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "201", description = "Registered; Location names the patient",
            headers = @Header(name = "Location", description = "The patient's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class)))
    public Response upsert(@PathParam("system") @Pattern(regexp = IDENTIFIER) String system,
                           @PathParam("value") @Pattern(regexp = IDENTIFIER) String value,
                           @NotNull @Valid PatientRequest request, @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        PatientService.Saved saved = patients.upsertByIdentifier(system, value, request, ifMatch);
        return saved.created() ? created(saved.view())
                : Response.ok(saved.view()).tag(ETags.of(saved.view().version())).build();
    }

    @GET
    @Path("patients/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.NURSE, Roles.SCHEDULER, Roles.CASE_MANAGER})
    @Operation(summary = "Read a patient")
    @APIResponse(responseCode = "200", description = "The patient, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class)))
    public Response get(@PathParam("id") UUID id) {
        PatientView view = patients.read(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @GET
    @Path("patients")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.NURSE, Roles.SCHEDULER, Roles.CASE_MANAGER})
    @Operation(summary = "Search patients by name, MRN, birth date and status (paginated)")
    public Page<PatientView> search(@QueryParam("name") String name, @QueryParam("mrn") String mrn,
                                    @QueryParam("birthDate") LocalDate birthDate,
                                    @QueryParam("status") @Parameter(description = "Only patients in this status",
                                            schema = @Schema(implementation = Patient.Status.class)) String status,
                                    @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return patients.search(name, mrn, birthDate, WireEnums.parse(Patient.Status.class, status, "status"), limit,
                cursor);
    }

    @POST
    @Path("patients/{id}/coverages")
    @Operation(summary = "Add insurance coverage and its authorisation", description = "Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Added; Location names the coverage",
            headers = @Header(name = "Location", description = "The coverage's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CoverageView.class)))
    public Response addCoverage(@PathParam("id") UUID id, @NotNull @Valid CoverageRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return patients.addCoverage(id, request, idempotencyKey, view -> Response.created(
                        UriBuilder.fromResource(PatientResource.class).path("coverages").path(view.id().toString()).build())
                .entity(view).tag(ETags.of(view.version())).build());
    }

    @GET
    @Path("coverages/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.SCHEDULER,
            Roles.CASE_MANAGER})
    @Operation(summary = "Read a coverage")
    @APIResponse(responseCode = "200", description = "The coverage, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CoverageView.class)))
    public Response coverage(@PathParam("id") UUID id) {
        CoverageView view = patients.coverage(id);
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @GET
    @Path("patients/{id}/coverages")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.SCHEDULER,
            Roles.CASE_MANAGER})
    @Operation(summary = "List a patient's coverages")
    public List<CoverageView> coverages(@PathParam("id") UUID id) {
        return patients.coverages(id);
    }

    private static Response created(PatientView view) {
        return Response.created(UriBuilder.fromResource(PatientResource.class).path("patients").path(view.id().toString()).build())
                .entity(view).tag(ETags.of(view.version())).build();
    }
}
