package care.iop.scheduling.authorization;

import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
public class AuthorizationResource {

    @Inject
    AuthorizationService authorizations;

    @GET
    @Path("patients/{patientId}/authorizations")
    @Operation(summary = "A patient's payer authorisations with the program days booked against each",
            description = "Kept from intake's coverage.authorized events; one unit is one program day.")
    public List<AuthorizationService.Usage> list(@PathParam("patientId") UUID patientId) {
        return authorizations.list(patientId);
    }
}
