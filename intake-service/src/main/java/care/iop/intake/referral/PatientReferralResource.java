package care.iop.intake.referral;

import care.iop.common.security.Roles;
import care.iop.intake.referral.ReferralApi.ReferralView;
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

/** One patient's referrals (staff only; a partner follows its own referrals by id). HTTP only: {@link ReferralService}. */
@Path("/api/v1/intake/patients/{patientId}/referrals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Referrals")
public class PatientReferralResource {

    @Inject
    ReferralService referrals;

    @GET
    @RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
            Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER})
    @Operation(summary = "A patient's referrals, oldest first",
            description = "Each referral as it is read by id; each is audited as read. 404 for an unknown patient or "
                    + "another clinic's.")
    public List<ReferralView> ofPatient(@PathParam("patientId") UUID patientId) {
        return referrals.ofPatient(patientId).stream().map(ReferralView::of).toList();
    }
}
