package care.iop.scheduling.room;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The clinic's rooms. Rooms hold no patient data, so reads are not audited. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Rooms")
public class RoomResource {

    public record RoomRequest(@NotBlank @Size(max = 100) String name, @NotNull @Min(1) @Max(500) Integer capacity) {
    }

    public record RoomView(UUID id, String name, int capacity, long version) {
        static RoomView of(Room r) {
            return new RoomView(r.id, r.name, r.capacity, r.version);
        }
    }

    @Inject
    RoomService rooms;

    @POST
    @Path("rooms")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Add a room", description = "Names are unique within the clinic. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The room, with its ETag",
            content = @Content(schema = @Schema(implementation = RoomView.class)))
    public Response create(@NotNull @Valid RoomRequest request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return rooms.create(request.name(), request.capacity(), idempotencyKey, request,
                r -> Response.created(URI.create("/api/v1/scheduling/rooms/" + r.id)).entity(RoomView.of(r))
                        .tag(ETags.of(r.version)).build());
    }

    @GET
    @Path("rooms")
    @Operation(summary = "The clinic's rooms")
    public List<RoomView> list() {
        return rooms.list().stream().map(RoomView::of).toList();
    }

    @GET
    @Path("rooms/{id}")
    @Operation(summary = "One room")
    @APIResponse(responseCode = "200", description = "The room, with its ETag",
            content = @Content(schema = @Schema(implementation = RoomView.class)))
    public Response get(@PathParam("id") UUID id) {
        Room r = rooms.get(id);
        return Response.ok(RoomView.of(r)).tag(ETags.of(r.version)).build();
    }
}
