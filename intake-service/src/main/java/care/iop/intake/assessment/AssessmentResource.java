package care.iop.intake.assessment;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.intake.assessment.AssessmentApi.AssessmentRequest;
import care.iop.intake.assessment.AssessmentApi.AssessmentView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import java.util.List;
import java.util.UUID;

/**
 * The biopsychosocial assessment: six dimension ratings, a level-of-care recommendation from the versioned rule
 * table (with the rules that fired), and the clinician's final level (a reason when it differs). HTTP only:
 * {@link AssessmentService}.
 */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assessments")
public class AssessmentResource {

    @Inject
    AssessmentService assessments;

    @POST
    @Path("patients/{patientId}/assessments")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
    @Operation(summary = "Complete an assessment",
            description = "Returns the rule table's recommendation, the rules that fired and the table version. A final "
                    + "level that differs from the recommendation needs finalLevelReason. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the assessment",
            headers = @Header(name = "Location", description = "The assessment's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssessmentView.class)))
    public Response complete(@PathParam("patientId") UUID patientId, @NotNull @Valid AssessmentRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return assessments.complete(patientId, request, idempotencyKey, a -> Response.created(
                        UriBuilder.fromResource(AssessmentResource.class).path("assessments").path(a.id.toString()).build())
                .entity(AssessmentView.of(a)).tag(ETags.of(a.version)).build());
    }

    @GET
    @Path("assessments/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "Read an assessment's ratings and levels")
    @APIResponse(responseCode = "200", description = "The assessment, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssessmentView.class)))
    public Response get(@PathParam("id") UUID id) {
        Assessment a = assessments.get(id);
        return Response.ok(AssessmentView.of(a)).tag(ETags.of(a.version)).build();
    }

    @GET
    @Path("patients/{patientId}/assessments")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "A patient's assessments, oldest first",
            description = "Ratings and levels as one assessment is read (no narrative); each is audited as read. "
                    + "404 for an unknown patient or another clinic's.")
    public List<AssessmentView> ofPatient(@PathParam("patientId") UUID patientId) {
        return assessments.ofPatient(patientId).stream().map(AssessmentView::of).toList();
    }
}
