package care.iop.scheduling.track;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.security.Roles;
import care.iop.events.LevelOfCare;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** Program tracks: the weekly pattern, hours target and group rules of one IOP group. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Program tracks")
public class TrackResource {

    public static final String CODE = "[A-Z0-9][A-Z0-9-]{0,31}";

    public record TrackRequest(@NotNull @Pattern(regexp = CODE) String code, @NotBlank @Size(max = 200) String name,
                               @NotNull LevelOfCare levelOfCare, @NotNull Track.Population population,
                               @NotBlank @Size(max = 64) String timeZone, @NotEmpty @Size(max = 7) List<@NotNull Weekday> days,
                               @NotNull LocalTime startTime, @NotNull @Min(30) @Max(480) Integer durationMinutes,
                               @DecimalMin("1.0") @DecimalMax("40.0") BigDecimal weeklyHoursTarget,
                               @Min(1) @Max(50) Integer groupSizeLimit, Track.GroupType groupType,
                               LocalDate cohortStartDate, UUID roomId,
                               @NotNull @Size(max = 10) List<@NotNull UUID> facilitatorIds) {
    }

    /** What may change on a running track. The weekly pattern does not: end its series and start new ones. */
    public record TrackUpdate(@NotBlank @Size(max = 200) String name,
                              @NotNull @DecimalMin("1.0") @DecimalMax("40.0") BigDecimal weeklyHoursTarget,
                              @NotNull @Min(1) @Max(50) Integer groupSizeLimit, @NotNull Track.GroupType groupType,
                              LocalDate cohortStartDate, UUID roomId,
                              @NotNull @Size(max = 10) List<@NotNull UUID> facilitatorIds) {
    }

    public record TrackView(UUID id, String code, String name, LevelOfCare levelOfCare, Track.Population population,
                            String timeZone, List<Weekday> days, LocalTime startTime, int durationMinutes,
                            BigDecimal weeklyHoursTarget, int groupSizeLimit, Track.GroupType groupType,
                            LocalDate cohortStartDate, UUID roomId, List<UUID> facilitatorIds, long version) {
        public static TrackView of(Track t) {
            return new TrackView(t.id, t.code, t.name, t.levelOfCare, t.population, t.timeZone, Weekday.of(t.daysOfWeek()),
                    t.startTime, t.durationMinutes, t.weeklyHoursTarget, t.groupSizeLimit, t.groupType,
                    t.cohortStartDate, t.roomId, List.copyOf(t.facilitatorIds), t.version);
        }
    }

    @Inject
    TrackService tracks;

    @POST
    @Path("tracks")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Create a program track",
            description = "Level 2.1 only. The weekly hours target defaults to 9 for adults and 6 for adolescents; the "
                    + "group size limit to 12 (set it lower where a payer rule says so, e.g. 8). Admissions to this "
                    + "track's code that arrived before the track existed are enrolled now. Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The track, with its ETag",
            content = @Content(schema = @Schema(implementation = TrackView.class)))
    public Response create(@NotNull @Valid TrackRequest request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        TrackService.NewTrack track = new TrackService.NewTrack(request.code(), request.name(), request.levelOfCare(),
                request.population(), request.timeZone(), Weekday.days(request.days()), request.startTime(),
                request.durationMinutes(), request.weeklyHoursTarget(), request.groupSizeLimit(), request.groupType(),
                request.cohortStartDate(), request.roomId(), request.facilitatorIds());
        return tracks.create(track, idempotencyKey, request, t -> Response
                .created(URI.create("/api/v1/scheduling/tracks/" + t.id)).entity(TrackView.of(t)).tag(ETags.of(t.version))
                .build());
    }

    @PUT
    @Path("tracks/{id}")
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Change a track's name, hours target, group rules, room or facilitators",
            description = "Honours If-Match (412 when stale). A new group size limit applies to the track's future "
                    + "sessions; bookings already made stay. A new cohort start date for a closed group books the "
                    + "enrollments waiting for it.")
    @APIResponse(responseCode = "200", description = "The changed track, with its ETag",
            content = @Content(schema = @Schema(implementation = TrackView.class)))
    @APIResponse(responseCode = "422", description = "An added facilitator id is not an active staff member of the "
            + "caller's clinic with a treating role (urn:iop:problem:unknown-staff naming facilitatorIds[i])")
    public Response update(@PathParam("id") UUID id, @NotNull @Valid TrackUpdate request,
                           @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Track t = tracks.update(id, ifMatch, new TrackService.Change(request.name(), request.weeklyHoursTarget(),
                request.groupSizeLimit(), request.groupType(), request.cohortStartDate(), request.roomId(),
                request.facilitatorIds()));
        return Response.ok(TrackView.of(t)).tag(ETags.of(t.version)).build();
    }

    @GET
    @Path("tracks")
    @Operation(summary = "The clinic's tracks")
    public List<TrackView> list() {
        return tracks.list().stream().map(TrackView::of).toList();
    }

    @GET
    @Path("tracks/{id}")
    @Operation(summary = "One track")
    @APIResponse(responseCode = "200", description = "The track, with its ETag",
            content = @Content(schema = @Schema(implementation = TrackView.class)))
    public Response get(@PathParam("id") UUID id) {
        Track t = tracks.get(id);
        return Response.ok(TrackView.of(t)).tag(ETags.of(t.version)).build();
    }
}
