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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
    public Response complete(@PathParam("patientId") UUID patientId, @NotNull @Valid AssessmentRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return assessments.complete(patientId, request, idempotencyKey, a -> Response.status(Response.Status.CREATED)
                .entity(AssessmentView.of(a)).tag(ETags.of(a.version)).build());
    }

    @GET
    @Path("assessments/{id}")
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN,
            Roles.PRESCRIBER, Roles.CASE_MANAGER})
    @Operation(summary = "Read an assessment's ratings and levels")
    public Response get(@PathParam("id") UUID id) {
        Assessment a = assessments.get(id);
        return Response.ok(AssessmentView.of(a)).tag(ETags.of(a.version)).build();
    }
}
