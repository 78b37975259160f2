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
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
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
                    + "ended at that level. Accepts Idempotency-Key. A patient still admitted is a 409; if they were "
                    + "referred again since, it is the awaiting-event 409 (awaitedEvent "
                    + "care.iop.aftercare.patient.discharged.v1, Retry-After): intake has not yet learned of the discharge.")
    @APIResponse(responseCode = "201", description = "Admitted; Location names the admission",
            headers = @Header(name = "Location", description = "The admission's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdmissionView.class)))
    public Response admit(@NotNull @Valid AdmissionRequest request,
                          @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return admissions.admit(request, idempotencyKey, a -> Response.created(
                        UriBuilder.fromResource(AdmissionResource.class).path("admissions").path(a.id.toString()).build())
                .entity(AdmissionView.of(a)).tag(ETags.of(a.version)).build());
    }

    @GET
    @Path("admissions/{id}")
    @Operation(summary = "Read an admission")
    @APIResponse(responseCode = "200", description = "The admission, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdmissionView.class)))
    public Response admission(@PathParam("id") UUID id) {
        Admission a = admissions.read(id);
        return Response.ok(AdmissionView.of(a)).tag(ETags.of(a.version)).build();
    }

    @POST
    @Path("waitlist")
    @Operation(summary = "Put a patient on a track's waitlist", description = "Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Waitlisted; Location names the waitlist entry",
            headers = @Header(name = "Location", description = "The waitlist entry's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WaitlistView.class)))
    public Response waitlist(@NotNull @Valid WaitlistRequest request,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return admissions.waitlist(request, idempotencyKey, placed -> Response.created(entryUri(placed.entry().id))
                .entity(view(placed)).tag(ETags.of(placed.entry().version)).build());
    }

    @GET
    @Path("waitlist/entries/{id}")
    @Operation(summary = "Read a waitlist entry, with its position while it is in the queue")
    @APIResponse(responseCode = "200", description = "The entry, with its version as ETag",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WaitlistView.class)))
    public Response entry(@PathParam("id") UUID id) {
        AdmissionService.Placed placed = admissions.entry(id);
        return Response.ok(view(placed)).tag(ETags.of(placed.entry().version)).build();
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
            description = "The first entry still waiting becomes offered; 404 when nobody is waiting.")
    @APIResponse(responseCode = "200", description = "The entry offered the place",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WaitlistView.class)))
    public Response offerNext(@PathParam("trackCode") @Pattern(regexp = AdmissionApi.TRACK) String trackCode) {
        AdmissionService.Placed placed = admissions.offerNext(trackCode);
        return Response.ok(view(placed)).tag(ETags.of(placed.entry().version)).build();
    }

    @POST
    @Path("waitlist/entries/{id}/decline")
    @Operation(summary = "Take a patient off the waitlist with a coded reason")
    @APIResponse(responseCode = "200", description = "The entry, declined",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WaitlistView.class)))
    public Response decline(@PathParam("id") UUID id, @NotNull @Valid Decline decline) {
        WaitlistEntry w = admissions.decline(id);
        return Response.ok(WaitlistView.of(w, null)).tag(ETags.of(w.version)).build();
    }

    private static URI entryUri(UUID id) {
        return UriBuilder.fromResource(AdmissionResource.class).path("waitlist/entries").path(id.toString()).build();
    }

    private static WaitlistView view(AdmissionService.Placed placed) {
        return WaitlistView.of(placed.entry(), placed.position());
    }
}
