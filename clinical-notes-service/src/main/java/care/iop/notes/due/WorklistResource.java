package care.iop.notes.due;

import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** What documentation is owed: session notes, initial treatment plans and plan reviews, due and overdue. */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
@Tag(name = "Documentation worklist")
public class WorklistResource {

    @Inject
    DueService due;

    @GET
    @Path("worklist")
    @Operation(summary = "Notes, initial plans and plan reviews owed in the clinic, oldest first",
            description = "clinicianId narrows notes to sessions that clinician facilitated. Ids and dates only.")
    public DueService.Worklist worklist(@QueryParam("clinicianId") UUID clinicianId) {
        return due.worklist(clinicianId);
    }
}
