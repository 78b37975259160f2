package care.iop.common.testapp;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loses real races on purpose: for its first {@code losses} attempts a second transaction changes the widget after
 * this one read it, so this one's flush fails its {@code @Version} check. Counts the attempts per widget.
 */
@Path("/api/v1/test/racing-widgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"clinician"})
@RetryOnConflict
public class RacingWidgetResource {

    public static final Map<UUID, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    Nested nested;

    public record Recolour(Widget.Colour colour) {
    }

    @POST
    @Path("{id}/recolour")
    @Transactional
    public Response recolour(@PathParam("id") UUID id, @QueryParam("losses") int losses, Recolour body,
                             @HeaderParam(ETags.IF_MATCH) String ifMatch,
                             @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, body, () -> {
            int attempt = ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Widget w = clinicScope.require(Widget.class, id);
            ETags.check(ifMatch, w.version, false);
            if (attempt <= losses) {
                changeBehindItsBack(id);
            }
            w.colour = body.colour();
            w.persistAndFlush();
            return Response.ok(Map.of("attempts", attempt, "version", w.version)).tag(ETags.of(w.version)).build();
        });
    }

    /** A race lost every time inside a joined transaction: only the outermost transaction may be retried. */
    @POST
    @Path("{id}/nested")
    @Transactional
    public Response nested(@PathParam("id") UUID id) {
        nested.alwaysLose(id);
        return Response.ok().build();
    }

    /** Another transaction changes the widget (and its version) and commits. */
    static void changeBehindItsBack(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Widget other = Widget.findById(id);
            other.status = other.status == Widget.Status.ACTIVE ? Widget.Status.DRAFT : Widget.Status.ACTIVE;
        });
    }

    @ApplicationScoped
    @RetryOnConflict
    public static class Nested {
        @Transactional
        public void alwaysLose(UUID id) {
            ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Widget w = Widget.findById(id);
            changeBehindItsBack(id);
            w.colour = w.colour == Widget.Colour.BLUE ? Widget.Colour.GREEN : Widget.Colour.BLUE;
            w.persistAndFlush();
        }
    }
}
