package care.iop.intake.admission;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.intake.admission.AdmissionApi.AdmissionRequest;
import care.iop.intake.admission.AdmissionApi.AdmissionView;
import care.iop.intake.admission.AdmissionApi.Decline;
import care.iop.intake.admission.AdmissionApi.WaitlistRequest;
import care.iop.intake.admission.AdmissionApi.WaitlistView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import java.util.List;
import java.util.UUID;

/** Admission to a program track at the IOP level, and the track's waitlist. HTTP only: {@link AdmissionService}. */
@Path("/api/v1/intake")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admissions and waitlist")
@RolesAllowed({Roles.INTAKE_COORDINATOR, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
public class AdmissionResource {

    @Inject
    AdmissionService admissions;

    @POST
    @Path("admissions")
    @Operation(summary = "Admit a patient to a program track",
            description = "Only at a level the program provides (2.1), and only when the patient's latest assessment "
                    + "ended at that level. Accepts Idempotency-Key.")
    public Response admit(@NotNull @Valid AdmissionRequest request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return admissions.admit(request, idempotencyKey, a -> Response.status(Response.Status.CREATED)
                .entity(AdmissionView.of(a)).tag(ETags.of(a.version)).build());
    }

    @POST
    @Path("waitlist")
    @Operation(summary = "Put a patient on a track's waitlist", description = "Accepts Idempotency-Key.")
    public Response waitlist(@NotNull @Valid WaitlistRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return admissions.waitlist(request, idempotencyKey, placed -> Response.status(Response.Status.CREATED)
                .entity(view(placed)).tag(ETags.of(placed.entry().version)).build());
    }

    @GET
    @Path("waitlist/{trackCode}")
    @Operation(summary = "A track's waitlist in order, with positions")
    public List<WaitlistView> queue(@PathParam("trackCode") @Pattern(regexp = AdmissionApi.TRACK) String trackCode) {
        return admissions.queue(trackCode).stream().map(AdmissionResource::view).toList();
    }

    @POST
    @Path("waitlist/{trackCode}/offers")
    @Operation(summary = "A place freed up: offer it to the next person waiting",
            description = "404 when nobody is waiting.")
    public Response offerNext(@PathParam("trackCode") @Pattern(regexp = AdmissionApi.TRACK) String trackCode) {
        AdmissionService.Placed placed = admissions.offerNext(trackCode);
        return Response.ok(view(placed)).tag(ETags.of(placed.entry().version)).build();
    }

    @POST
    @Path("waitlist/entries/{id}/decline")
    @Operation(summary = "Take a patient off the waitlist with a coded reason")
    public Response decline(@PathParam("id") UUID id, @NotNull @Valid Decline decline) {
        WaitlistEntry w = admissions.decline(id);
        return Response.ok(WaitlistView.of(w, null)).tag(ETags.of(w.version)).build();
    }

    private static WaitlistView view(AdmissionService.Placed placed) {
        return WaitlistView.of(placed.entry(), placed.position());
    }
}
