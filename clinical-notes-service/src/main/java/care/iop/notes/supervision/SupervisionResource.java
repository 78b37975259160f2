package care.iop.notes.supervision;

import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@RetryOnConflict
public class SupervisionResource {

    public record SupervisedView(UUID staffId, Instant since) {
    }

    public record AssignmentView(UUID staffId, UUID supervisorId, Instant since) {
    }

    @Inject
    CallerContext caller;

    @PUT
    @Path("supervised-staff/{staffId}")
    @Transactional
    @Operation(summary = "Flag a staff member as needing co-signature on their notes (idempotent)")
    public Response flag(@PathParam("staffId") UUID staffId) {
        UUID clinic = caller.requireClinicId();
        if (SupervisedStaff.isSupervised(clinic, staffId)) {
            return Response.ok(view(clinic, staffId)).build();
        }
        SupervisedStaff s = new SupervisedStaff();
        s.clinicId = clinic;
        s.staffId = staffId;
        s.since = Instant.now();
        s.flaggedBy = caller.subject();
        s.persist();
        return Response.status(Response.Status.CREATED).entity(new SupervisedView(staffId, s.since)).build();
    }

    @DELETE
    @Path("supervised-staff/{staffId}")
    @Transactional
    @Operation(summary = "Stop requiring co-signature (notes already pending still need it)")
    public Response unflag(@PathParam("staffId") UUID staffId) {
        SupervisedStaff.delete("clinicId = ?1 and staffId = ?2", caller.requireClinicId(), staffId);
        return Response.noContent().build();
    }

    @GET
    @Path("supervised-staff")
    @Operation(summary = "Staff whose notes need co-signature")
    public List<SupervisedView> list() {
        return SupervisedStaff.<SupervisedStaff>list("clinicId = ?1 order by since", caller.requireClinicId()).stream()
                .map(s -> new SupervisedView(s.staffId, s.since)).toList();
    }

    @PUT
    @Path("supervised-staff/{staffId}/supervisors/{supervisorId}")
    @Transactional
    @RolesAllowed(Roles.CLINIC_ADMIN)
    @Operation(summary = "Assign a clinical supervisor to a staff member (clinic admins; idempotent)",
            description = "The author's assigned supervisors are the clinical supervisors, besides the author, who "
                    + "read the author's psychotherapy notes; any other supervisor reads one only through a "
                    + "break-glass read. A staff member is not their own supervisor (400).")
    public Response assign(@PathParam("staffId") UUID staffId, @PathParam("supervisorId") UUID supervisorId) {
        UUID clinic = caller.requireClinicId();
        if (staffId.equals(supervisorId)) {
            throw ProblemException.invalid("supervisorId", "is the staff member themselves");
        }
        StaffSupervisor existing = StaffSupervisor.<StaffSupervisor>find(
                "clinicId = ?1 and staffId = ?2 and supervisorId = ?3", clinic, staffId, supervisorId).firstResult();
        if (existing != null) {
            return Response.ok(new AssignmentView(staffId, supervisorId, existing.since)).build();
        }
        StaffSupervisor a = new StaffSupervisor();
        a.clinicId = clinic;
        a.staffId = staffId;
        a.supervisorId = supervisorId;
        a.since = Instant.now();
        a.assignedBy = caller.subject();
        a.persist();
        return Response.status(Response.Status.CREATED).entity(new AssignmentView(staffId, supervisorId, a.since))
                .build();
    }

    @DELETE
    @Path("supervised-staff/{staffId}/supervisors/{supervisorId}")
    @Transactional
    @RolesAllowed(Roles.CLINIC_ADMIN)
    @Operation(summary = "End a supervisor's assignment to a staff member (clinic admins)")
    public Response unassign(@PathParam("staffId") UUID staffId, @PathParam("supervisorId") UUID supervisorId) {
        StaffSupervisor.delete("clinicId = ?1 and staffId = ?2 and supervisorId = ?3", caller.requireClinicId(),
                staffId, supervisorId);
        return Response.noContent().build();
    }

    @GET
    @Path("supervised-staff/{staffId}/supervisors")
    @Operation(summary = "The clinical supervisors assigned to a staff member")
    public List<AssignmentView> supervisors(@PathParam("staffId") UUID staffId) {
        return StaffSupervisor.<StaffSupervisor>list("clinicId = ?1 and staffId = ?2 order by since, supervisorId",
                caller.requireClinicId(), staffId).stream()
                .map(a -> new AssignmentView(a.staffId, a.supervisorId, a.since)).toList();
    }

    private static SupervisedView view(UUID clinic, UUID staffId) {
        SupervisedStaff s = SupervisedStaff.find("clinicId = ?1 and staffId = ?2", clinic, staffId).firstResult();
        return new SupervisedView(s.staffId, s.since);
    }
}
