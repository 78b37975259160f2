package care.iop.notes.supervision;

import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which staff members' notes need co-signature, and which clinical supervisors are assigned to a staff member (they
 * read the staff member's psychotherapy notes). Staff data, not patient data: not audited as a clinical read.
 */
@Path("/api/v1/notes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLINICAL_SUPERVISOR, Roles.CLINIC_ADMIN})
@Tag(name = "Supervision")
public class SupervisionResource {

    public record SupervisedView(UUID staffId, Instant since) {
    }

    public record AssignmentView(UUID staffId, UUID supervisorId, Instant since) {
    }

    @Inject
    SupervisionService supervision;

    @PUT
    @Path("supervised-staff/{staffId}")
    @Operation(summary = "Flag a staff member as needing co-signature on their notes (idempotent)")
    @APIResponse(responseCode = "201", description = "Flagged now; Location is this address",
            headers = @Header(name = "Location", description = "The flag's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = SupervisedView.class)))
    @APIResponse(responseCode = "200", description = "Already flagged (since when)",
            content = @Content(schema = @Schema(implementation = SupervisedView.class)))
    @APIResponse(responseCode = "422", description = "staffId is not an active treating staff member of the caller's "
            + "clinic (urn:iop:problem:unknown-staff)")
    public Response flag(@PathParam("staffId") UUID staffId) {
        SupervisionService.Written<SupervisedStaff> s = supervision.flag(staffId);
        SupervisedView view = new SupervisedView(s.value().staffId, s.value().since);
        return (s.created() ? Response.created(URI.create("/api/v1/notes/supervised-staff/" + staffId))
                : Response.ok()).entity(view).build();
    }

    @DELETE
    @Path("supervised-staff/{staffId}")
    @Operation(summary = "Stop requiring co-signature (notes already pending still need it)")
    @APIResponse(responseCode = "204", description = "No longer flagged")
    public Response unflag(@PathParam("staffId") UUID staffId) {
        supervision.unflag(staffId);
        return Response.noContent().build();
    }

    @GET
    @Path("supervised-staff")
    @Operation(summary = "Staff whose notes need co-signature")
    public List<SupervisedView> list() {
        return supervision.supervised().stream().map(s -> new SupervisedView(s.staffId, s.since)).toList();
    }

    @PUT
    @Path("supervised-staff/{staffId}/supervisors/{supervisorId}")
    @RolesAllowed(Roles.CLINIC_ADMIN)
    @Operation(summary = "Assign a clinical supervisor to a staff member (clinic admins; idempotent)",
            description = "The author's assigned supervisors are the clinical supervisors, besides the author, who "
                    + "read the author's psychotherapy notes; any other supervisor reads one only through a "
                    + "break-glass read. A staff member is not their own supervisor (400).")
    @APIResponse(responseCode = "201", description = "Assigned now; Location is this address",
            headers = @Header(name = "Location", description = "The assignment's address",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = AssignmentView.class)))
    @APIResponse(responseCode = "200", description = "Already assigned (since when)",
            content = @Content(schema = @Schema(implementation = AssignmentView.class)))
    @APIResponse(responseCode = "422", description = "staffId is not an active treating staff member of the caller's "
            + "clinic, or supervisorId not an active clinical supervisor of it (urn:iop:problem:unknown-staff)")
    public Response assign(@PathParam("staffId") UUID staffId, @PathParam("supervisorId") UUID supervisorId) {
        SupervisionService.Written<StaffSupervisor> a = supervision.assign(staffId, supervisorId);
        AssignmentView view = new AssignmentView(staffId, supervisorId, a.value().since);
        return (a.created() ? Response.created(URI.create("/api/v1/notes/supervised-staff/" + staffId
                + "/supervisors/" + supervisorId)) : Response.ok()).entity(view).build();
    }

    @DELETE
    @Path("supervised-staff/{staffId}/supervisors/{supervisorId}")
    @RolesAllowed(Roles.CLINIC_ADMIN)
    @Operation(summary = "End a supervisor's assignment to a staff member (clinic admins)")
    @APIResponse(responseCode = "204", description = "No longer assigned")
    public Response unassign(@PathParam("staffId") UUID staffId, @PathParam("supervisorId") UUID supervisorId) {
        supervision.unassign(staffId, supervisorId);
        return Response.noContent().build();
    }

    @GET
    @Path("supervised-staff/{staffId}/supervisors")
    @Operation(summary = "The clinical supervisors assigned to a staff member")
    public List<AssignmentView> supervisors(@PathParam("staffId") UUID staffId) {
        return supervision.supervisors(staffId).stream()
                .map(a -> new AssignmentView(a.staffId, a.supervisorId, a.since)).toList();
    }
}
