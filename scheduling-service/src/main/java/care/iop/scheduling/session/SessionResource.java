package care.iop.scheduling.session;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.events.scheduling.SessionKind;
import care.iop.scheduling.session.SessionApi.CancelRequest;
import care.iop.scheduling.session.SessionApi.ChangeResult;
import care.iop.scheduling.session.SessionApi.RescheduleRequest;
import care.iop.scheduling.session.SessionApi.SeriesRequest;
import care.iop.scheduling.session.SessionApi.SeriesView;
import care.iop.scheduling.session.SessionApi.SessionRequest;
import care.iop.scheduling.session.SessionApi.SessionView;
import care.iop.scheduling.track.Weekday;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Sessions and weekly series: create, list, move, cancel. Conflicts are refused with 409 naming the other session. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Sessions")
public class SessionResource {

    @Inject
    SessionService sessions;

    @POST
    @Path("sessions")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Schedule one session",
            description = "In a room (roomId) or by telehealth (an https joinUrl). 409 naming the other session when "
                    + "the room or a facilitator is taken at that time. A group session of a track books the track's "
                    + "active enrollments. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The session, with its ETag",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "422", description = "A facilitator id is not an active staff member of the "
            + "caller's clinic with a treating role (urn:iop:problem:unknown-staff naming facilitatorIds[i]), or the "
            + "Idempotency-Key was used for another request")
    public Response create(@NotNull @Valid SessionRequest r, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return sessions.schedule(r, idempotencyKey,
                s -> Response.created(URI.create("/api/v1/scheduling/sessions/" + s.id)).entity(view(s))
                        .tag(ETags.of(s.version)).build());
    }

    @POST
    @Path("series")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Schedule a weekly series",
            description = "Sessions are materialised up to the configured number of weeks ahead (default 8) and kept "
                    + "ahead by the service. Local start times stay fixed across daylight-saving changes. Any clash "
                    + "refuses the whole series (409 naming the other session). Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The series with the sessions materialised so far, with its ETag",
            content = @Content(schema = @Schema(implementation = SeriesView.class)))
    public Response createSeries(@NotNull @Valid SeriesRequest r,
                                 @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return sessions.scheduleSeries(r, idempotencyKey, (series, created) -> Response
                .created(URI.create("/api/v1/scheduling/series/" + series.id))
                .entity(view(series, created)).tag(ETags.of(series.version)).build());
    }

    @GET
    @Path("series/{id}")
    @Operation(summary = "A series and its sessions from today on")
    @APIResponse(responseCode = "200", description = "The series with its sessions from today on, with its ETag",
            content = @Content(schema = @Schema(implementation = SeriesView.class)))
    public Response series(@PathParam("id") UUID id) {
        Series series = sessions.series(id);
        return Response.ok(view(series, sessions.upcoming(series))).tag(ETags.of(series.version)).build();
    }

    @GET
    @Path("sessions")
    @Operation(summary = "The clinic's sessions between two dates (local), filtered by track, kind and status",
            description = "Defaults to the next 7 days; at most 62 days at a time. Ordered by start time.")
    public Page<SessionView> list(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                  @QueryParam("trackId") UUID trackId,
                                  @QueryParam("kind") @Parameter(schema = @Schema(implementation = SessionKind.class))
                                  String kind,
                                  @QueryParam("status") @Parameter(schema = @Schema(implementation = SessionStatus.class))
                                  String status, @QueryParam("limit") Integer limit,
                                  @QueryParam("cursor") String cursor) {
        Page<Session> page = sessions.list(from, to, trackId, kind, status, limit, cursor);
        return new Page<>(page.items().stream().map(this::view).toList(), page.nextCursor());
    }

    @GET
    @Path("sessions/{id}")
    @Operation(summary = "One session with its booked and waitlisted counts")
    @APIResponse(responseCode = "200", description = "The session, with its ETag",
            content = @Content(schema = @Schema(implementation = SessionView.class)))
    public Response get(@PathParam("id") UUID id) {
        Session s = sessions.get(id);
        return Response.ok(view(s)).tag(ETags.of(s.version)).build();
    }

    @POST
    @Path("sessions/{id}/reschedule")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Move or re-equip a session, or it and the rest of its series",
            description = "Scope this (default) changes this session only, which then leaves later series edits "
                    + "alone; scope following changes this and every later session of the series and the series "
                    + "itself. Bookings move with the sessions. Everything must still fit: the room, facilitators and "
                    + "every booked patient free at the new time, or nothing changes (409 naming the other session). "
                    + "Honours If-Match on this session.")
    @APIResponse(responseCode = "200", description = "The sessions changed",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "422", description = "A facilitator id is not an active staff member of the "
            + "caller's clinic with a treating role (urn:iop:problem:unknown-staff naming facilitatorIds[i]; "
            + "GET /api/v1/scheduling/staff lists them)")
    public ChangeResult reschedule(@PathParam("id") UUID id, @NotNull @Valid RescheduleRequest r,
                                   @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return new ChangeResult(sessions.reschedule(id, ifMatch, r).stream().map(this::view).toList());
    }

    @POST
    @Path("sessions/{id}/cancel")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Cancel a session, or it and the rest of its series, with a coded reason",
            description = "Bookings are released. Scope following also ends the series the day before. Honours If-Match.")
    public ChangeResult cancel(@PathParam("id") UUID id, @NotNull @Valid CancelRequest r,
                               @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        return new ChangeResult(sessions.cancel(id, ifMatch, r).stream().map(this::view).toList());
    }

    private SessionView view(Session s) {
        return sessions.view(s);
    }

    private SeriesView view(Series series, List<Session> sessionList) {
        return new SeriesView(series.id, series.kind, series.trackId, Weekday.of(series.daysOfWeek()), series.startTime,
                series.durationMinutes, series.timeZone, series.firstDate, series.lastDate, series.materializedUntil,
                series.modality, series.roomId, series.joinUrl, List.copyOf(series.facilitatorIds), series.capacity,
                sessionList.stream().map(this::view).toList(), series.version);
    }
}
