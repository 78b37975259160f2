package care.iop.scheduling.staff;

import care.iop.common.http.Page;
import care.iop.common.security.Roles;
import care.iop.common.staff.StaffDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The staff directory of the caller's clinic, read-only: the ids scheduling (facilitators) and clinical notes
 * (supervised staff, supervisors) accept. Fed from Keycloak's admin API (docs/decisions.md, staff directory).
 */
@Path("/api/v1/scheduling/staff")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINICIAN, Roles.CLINICAL_SUPERVISOR, Roles.PRESCRIBER, Roles.NURSE,
        Roles.SCHEDULER, Roles.CASE_MANAGER, Roles.CLINIC_ADMIN, Roles.AUDITOR, Roles.EHR_INTEGRATION})
@Tag(name = "Staff")
public class StaffResource {

    /** A staff member: no contact or other personal data besides the name staff see in the product. */
    @Schema(name = "StaffMember")
    public record StaffView(
            @Schema(description = "The id records name (the user's Keycloak id, a token's sub)") UUID id,
            @Schema(description = "First and last name, else the user name") String displayName,
            @Schema(description = "The member's staff roles") List<StaffRole> roles,
            @Schema(description = "The account is enabled; only active staff are accepted as ids") boolean active) {

        static StaffView of(StaffDirectory.Member m) {
            return new StaffView(m.id(), m.displayName(), m.roles().stream().map(StaffRole::of).toList(), m.active());
        }
    }

    /** A page of staff members, with the cursor of the next page (absent on the last). */
    public record StaffPage(List<StaffView> items, String nextCursor) {
    }

    @Inject
    StaffService staff;

    @GET
    @Operation(summary = "The clinic's staff",
            description = "Staff of the caller's clinic (Keycloak users with its clinic_id and a staff role), oldest "
                    + "account first, paged with limit (default 50, at most 200) and cursor. A new hire is listed "
                    + "within a minute; ids written in scheduling and clinical notes are checked against Keycloak at once.")
    @APIResponse(responseCode = "200", description = "A page of staff members",
            content = @Content(schema = @Schema(implementation = StaffPage.class)))
    public StaffPage list(
            @Parameter(description = "Only members holding this role", schema = @Schema(implementation = StaffRole.class))
            @QueryParam("role") String role,
            @Parameter(description = "true: enabled accounts only; false: disabled ones only") @QueryParam("active") Boolean active,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        Page<StaffDirectory.Member> page = staff.list(role, active, cursor, limit);
        return new StaffPage(page.items().stream().map(StaffView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One staff member of the clinic", description = "Another clinic's staff and unknown ids are 404.")
    @APIResponse(responseCode = "200", description = "The staff member",
            content = @Content(schema = @Schema(implementation = StaffView.class)))
    public StaffView get(@PathParam("id") UUID id) {
        return StaffView.of(staff.get(id));
    }
}
