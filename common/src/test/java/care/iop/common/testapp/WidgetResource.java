package care.iop.common.testapp;

import care.iop.common.audit.AuditLog;
import care.iop.events.audit.AuditAction;
import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/test/widgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"clinician", "ehr-integration"})
public class WidgetResource {

    public record Tag(@NotBlank @Size(max = 20) String label) {
    }

    public record WidgetRequest(@NotNull UUID patientId,
                                @NotBlank @Pattern(regexp = "[A-Z]{3}-[0-9]{3}") String code,
                                @NotNull Widget.Colour colour,
                                LocalDate dueDate,
                                LocalDate birthDate,
                                Integer quantity,
                                java.util.Set<Widget.Colour> shades,
                                List<@Valid Tag> tags) {
    }

    public record StatusChange(@NotNull Widget.Status status) {
    }

    public record WidgetView(UUID id, UUID patientId, String code, Widget.Colour colour, LocalDate dueDate,
                             Widget.Status status, long version) {
        static WidgetView of(Widget w) {
            return new WidgetView(w.id, w.patientId, w.code, w.colour, w.dueDate, w.status, w.version);
        }
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @POST
    @Transactional
    public Response create(@NotNull @Valid WidgetRequest request,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, request, () -> {
            Widget w = new Widget();
            w.id = UUID.randomUUID();
            w.clinicId = caller.requireClinicId();
            w.patientId = request.patientId();
            w.code = request.code();
            w.colour = request.colour();
            w.dueDate = request.dueDate();
            w.status = Widget.Status.DRAFT;
            w.persistAndFlush();
            outbox.publish(WidgetEvents.created(w), w.patientId, w.clinicId);
            audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Widget", w.id, w.patientId, w.clinicId));
            return Response.created(UriBuilder.fromResource(WidgetResource.class).path(w.id.toString()).build())
                    .tag(ETags.of(w.version)).entity(WidgetView.of(w)).build();
        });
    }

    @GET
    @Path("{id}")
    @Transactional
    public Response get(@PathParam("id") UUID id) {
        Widget w = clinicScope.require(Widget.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Widget", w.id, w.patientId, w.clinicId));
        return Response.ok(WidgetView.of(w)).tag(ETags.of(w.version)).build();
    }

    /** Replaces the colour; If-Match is required here, as for clinical notes. */
    @PUT
    @Path("{id}/colour")
    @Transactional
    public Response recolour(@PathParam("id") UUID id, @NotNull Widget.Colour colour,
                             @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Widget w = clinicScope.require(Widget.class, id);
        ETags.check(ifMatch, w.version, true);
        w.colour = colour;
        w.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Widget", w.id, w.patientId, w.clinicId));
        return Response.ok(WidgetView.of(w)).tag(ETags.of(w.version)).build();
    }

    @POST
    @Path("{id}/status")
    @Transactional
    public Response changeStatus(@PathParam("id") UUID id, @NotNull @Valid StatusChange change,
                                 @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Widget w = clinicScope.require(Widget.class, id);
        ETags.check(ifMatch, w.version, false);
        boolean allowed = switch (w.status) {
            case DRAFT -> change.status() == Widget.Status.ACTIVE;
            case ACTIVE -> change.status() == Widget.Status.RETIRED;
            case RETIRED -> false;
        };
        if (!allowed) {
            throw ProblemException.illegalTransition("Widget", w.status, change.status());
        }
        w.status = change.status();
        w.persistAndFlush();
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Widget", w.id, w.patientId, w.clinicId));
        return Response.ok(WidgetView.of(w)).tag(ETags.of(w.version)).build();
    }

    /** Writes a widget and its event, then fails: nothing of it may survive. */
    @POST
    @Path("rollback")
    @Transactional
    public Response createThenFail(@NotNull @Valid WidgetRequest request) {
        create(request, null);
        throw new IllegalStateException("simulated failure after writing for patient " + request.patientId());
    }

    /** An unexpected failure whose message holds data that must never reach the client. */
    @GET
    @Path("boom")
    public Response boom() {
        throw new IllegalStateException("Jane Doe, born 1980-01-01, phone 555-0100");
    }
}
