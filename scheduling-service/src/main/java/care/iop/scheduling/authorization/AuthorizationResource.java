package care.iop.scheduling.authorization;

import care.iop.common.audit.AuditLog;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.audit.AuditAction;
import care.iop.scheduling.enrollment.Enrollment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** What a patient's payer authorised, and how much of it the bookings use. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CASE_MANAGER})
@Tag(name = "Payer authorisations")
@RetryOnConflict
public class AuthorizationResource {

    @Inject
    CallerContext caller;

    @Inject
    Authorizations authorizations;

    @Inject
    AuditLog audit;

    @GET
    @Path("patients/{patientId}/authorizations")
    @Transactional
    @Operation(summary = "A patient's payer authorisations with the program days booked against each",
            description = "Kept from intake's coverage.authorized events; one unit is one program day.")
    public List<Authorizations.Usage> list(@PathParam("patientId") UUID patientId) {
        UUID clinic = caller.requireClinicId();
        if (Enrollment.count("clinicId = ?1 and patientId = ?2", clinic, patientId) == 0) {
            throw ProblemException.notFound("Patient", patientId);
        }
        audit.record(AuditLog.Entry.success(AuditAction.READ, "PayerAuthorization", patientId, patientId, clinic));
        return authorizations.all(patientId, clinic);
    }
}
