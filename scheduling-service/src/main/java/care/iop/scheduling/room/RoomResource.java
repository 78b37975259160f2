package care.iop.scheduling.room;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.transaction.RetryOnConflict;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The clinic's rooms. Rooms hold no patient data, so reads are not audited. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Rooms")
@RetryOnConflict
public class RoomResource {

    public record RoomRequest(@NotBlank @Size(max = 100) String name, @NotNull @Min(1) @Max(500) Integer capacity) {
    }

    public record RoomView(UUID id, String name, int capacity, long version) {
        static RoomView of(Room r) {
            return new RoomView(r.id, r.name, r.capacity, r.version);
        }
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @POST
    @Path("rooms")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Add a room", description = "Names are unique within the clinic. Accepts Idempotency-Key.")
    public Response create(@NotNull @Valid RoomRequest request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            UUID clinic = caller.requireClinicId();
            Room.<Room>find("clinicId = ?1 and name = ?2", clinic, request.name().strip()).firstResultOptional()
                    .ifPresent(existing -> {
                        throw ProblemException.conflict("A room with this name exists", "conflictingId", existing.id);
                    });
            Room r = new Room();
            r.id = UUID.randomUUID();
            r.clinicId = clinic;
            r.name = request.name().strip();
            r.capacity = request.capacity();
            r.createdAt = Instant.now();
            r.persistAndFlush();
            return Response.status(Response.Status.CREATED).entity(RoomView.of(r)).tag(ETags.of(r.version)).build();
        });
    }

    @GET
    @Path("rooms")
    @Operation(summary = "The clinic's rooms")
    public List<RoomView> list() {
        return Room.<Room>list("clinicId = ?1 order by name", caller.requireClinicId()).stream().map(RoomView::of).toList();
    }

    @GET
    @Path("rooms/{id}")
    @Operation(summary = "One room")
    public Response get(@PathParam("id") UUID id) {
        Room r = clinicScope.require(Room.class, id);
        return Response.ok(RoomView.of(r)).tag(ETags.of(r.version)).build();
    }
}
