package care.iop.scheduling.session;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.security.Roles;
import care.iop.common.http.WireEnums;
import care.iop.events.scheduling.SessionKind;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.scheduling.session.SessionApi.CancelRequest;
import care.iop.scheduling.session.SessionApi.ChangeResult;
import care.iop.scheduling.session.SessionApi.RescheduleRequest;
import care.iop.scheduling.session.SessionApi.Scope;
import care.iop.scheduling.session.SessionApi.SeriesRequest;
import care.iop.scheduling.session.SessionApi.SeriesView;
import care.iop.scheduling.session.SessionApi.SessionRequest;
import care.iop.scheduling.session.SessionApi.SessionView;
import care.iop.scheduling.session.SessionService.Setting;
import care.iop.scheduling.track.Track;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sessions and weekly series: create, list, move, cancel. Conflicts are refused with 409 naming the other session. */
@Path("/api/v1/scheduling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION, Roles.CLINICIAN,
        Roles.CLINICAL_SUPERVISOR, Roles.CASE_MANAGER, Roles.NURSE, Roles.PRESCRIBER, Roles.INTAKE_COORDINATOR})
@Tag(name = "Sessions")
@RetryOnConflict
public class SessionResource {

    static final int DEFAULT_GROUP_CAPACITY = 12;
    static final int MAX_LIST_DAYS = 62;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    SessionService sessions;

    @POST
    @Path("sessions")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Schedule one session",
            description = "In a room (roomId) or by telehealth (an https joinUrl). 409 naming the other session when "
                    + "the room or a facilitator is taken at that time. A group session of a track books the track's "
                    + "active enrollments. Accepts Idempotency-Key.")
    public Response create(@NotNull @Valid SessionRequest r, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = caller.requireClinicId();
            Track track = r.trackId() == null ? null : clinicScope.require(Track.class, r.trackId());
            ZoneId zone = zone(track, r.timeZone());
            SessionService.checkCalendarRange(r.date(), "date");
            Setting setting = new Setting(r.modality(), r.roomId(), r.joinUrl(), r.facilitatorIds(),
                    capacity(r.kind(), track, r.capacity()));
            sessions.validate(clinic, setting, Session.isGroup(r.kind()));
            Session s = sessions.create(clinic, track == null ? null : track.id, null, r.kind(), setting, zone,
                    WeeklyPattern.at(r.date(), r.startTime(), r.durationMinutes(), zone));
            return Response.status(Response.Status.CREATED).entity(view(s)).tag(ETags.of(s.version)).build();
        });
    }

    @POST
    @Path("series")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Schedule a weekly series",
            description = "Sessions are materialised up to the configured number of weeks ahead (default 8) and kept "
                    + "ahead by the service. Local start times stay fixed across daylight-saving changes. Any clash "
                    + "refuses the whole series (409 naming the other session). Accepts Idempotency-Key.")
    public Response createSeries(@NotNull @Valid SeriesRequest r,
                                 @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = caller.requireClinicId();
            if (r.lastDate() != null && r.lastDate().isBefore(r.firstDate())) {
                throw ProblemException.invalid("lastDate", "must not be before firstDate");
            }
            SessionService.checkCalendarRange(r.firstDate(), "firstDate");
            Track track = r.trackId() == null ? null : clinicScope.require(Track.class, r.trackId());
            ZoneId zone = zone(track, r.timeZone());
            Setting setting = new Setting(r.modality(), r.roomId(), r.joinUrl(), r.facilitatorIds(),
                    capacity(r.kind(), track, r.capacity()));
            sessions.validate(clinic, setting, Session.isGroup(r.kind()));
            Series series = new Series();
            series.id = UUID.randomUUID();
            series.clinicId = clinic;
            series.trackId = track == null ? null : track.id;
            series.kind = r.kind();
            series.modality = r.modality();
            series.roomId = setting.roomId();
            series.joinUrl = setting.joinUrl();
            series.facilitatorIds = new ArrayList<>(r.facilitatorIds().stream().distinct().toList());
            series.timeZone = zone.getId();
            series.assignDays(r.days());
            series.startTime = r.startTime().truncatedTo(ChronoUnit.MINUTES);
            series.durationMinutes = r.durationMinutes();
            series.capacity = setting.capacity();
            series.firstDate = r.firstDate();
            series.lastDate = r.lastDate();
            series.materializedUntil = r.firstDate().minusDays(1);
            series.createdAt = Instant.now();
            series.persist();
            List<Session> created = sessions.materialize(series, sessions.horizon(zone), false);
            series.persistAndFlush();
            return Response.status(Response.Status.CREATED).entity(view(series, created)).tag(ETags.of(series.version))
                    .build();
        });
    }

    @GET
    @Path("series/{id}")
    @Operation(summary = "A series and its sessions from today on")
    public Response series(@PathParam("id") UUID id) {
        Series series = clinicScope.require(Series.class, id);
        List<Session> upcoming = Session.list("seriesId = ?1 and endsAt > ?2 order by startsAt", series.id,
                Instant.now());
        return Response.ok(view(series, upcoming)).tag(ETags.of(series.version)).build();
    }

    @GET
    @Path("sessions")
    @Operation(summary = "The clinic's sessions between two dates (local), filtered by track, kind and status",
            description = "Defaults to the next 7 days; at most 62 days at a time. Ordered by start time.")
    public Page<SessionView> list(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                  @QueryParam("trackId") UUID trackId, @QueryParam("kind") String kind,
                                  @QueryParam("status") String status, @QueryParam("limit") Integer limit,
                                  @QueryParam("cursor") String cursor) {
        UUID clinic = caller.requireClinicId();
        LocalDate first = from != null ? from : LocalDate.now();
        LocalDate last = to != null ? to : first.plusDays(6);
        if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) >= MAX_LIST_DAYS) {
            throw ProblemException.invalid("to", "must be on or after from and at most " + MAX_LIST_DAYS + " days later");
        }
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        StringBuilder q = new StringBuilder("clinicId = :clinic and localDate between :from and :to");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic, "from", first, "to", last));
        if (trackId != null) {
            q.append(" and trackId = :track");
            p.put("track", trackId);
        }
        if (kind != null) {
            q.append(" and kind = :kind");
            p.put("kind", WireEnums.parse(SessionKind.class, kind, "kind"));
        }
        if (status != null) {
            q.append(" and status = :status");
            p.put("status", WireEnums.parse(SessionStatus.class, status, "status"));
        }
        if (after != null) {
            q.append(" and (startsAt > :afterAt or (startsAt = :afterAt and id > :afterId))");
            p.put("afterAt", after.createdAt());
            p.put("afterId", after.id());
        }
        List<Session> rows = Session.<Session>find(q + " order by startsAt, id", p).range(0, size).list();
        return Page.of(rows, size, s -> new Page.Position(s.startsAt, s.id), this::view);
    }

    @GET
    @Path("sessions/{id}")
    @Operation(summary = "One session with its booked and waitlisted counts")
    public Response get(@PathParam("id") UUID id) {
        Session s = clinicScope.require(Session.class, id);
        return Response.ok(view(s)).tag(ETags.of(s.version)).build();
    }

    @POST
    @Path("sessions/{id}/reschedule")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Move or re-equip a session, or it and the rest of its series",
            description = "Scope this (default) changes this session only, which then leaves later series edits "
                    + "alone; scope following changes this and every later session of the series and the series "
                    + "itself. Bookings move with the sessions. Everything must still fit: the room, facilitators and "
                    + "every booked patient free at the new time, or nothing changes (409 naming the other session). "
                    + "Honours If-Match on this session.")
    public ChangeResult reschedule(@PathParam("id") UUID id, @NotNull @Valid RescheduleRequest r,
                                   @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Session s = clinicScope.require(Session.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, s.version, false);
        requireUpcoming(s);
        Scope scope = r.scope() == null ? Scope.THIS : r.scope();
        if (r.date() == null && r.startTime() == null && r.durationMinutes() == null && r.modality() == null
                && r.roomId() == null && r.joinUrl() == null && r.facilitatorIds() == null) {
            throw ProblemException.badRequest("Nothing to change: give a new date, time, duration, place or facilitators");
        }
        Series series = null;
        if (scope == Scope.FOLLOWING) {
            if (s.seriesId == null) {
                throw ProblemException.invalid("scope", "following applies to sessions of a series");
            }
            if (r.date() != null) {
                throw ProblemException.invalid("date", "a new date moves one session; use scope this");
            }
            series = Series.findById(s.seriesId, LockModeType.PESSIMISTIC_WRITE);
        }
        List<Session> targets = scope == Scope.THIS ? List.of(s) : Session.<Session>find("seriesId = ?1 and "
                + "startsAt >= ?2 and status = ?3 and (detached = false or id = ?4) order by startsAt", s.seriesId,
                s.startsAt, SessionStatus.BOOKED, s.id).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        List<SessionView> changed = new ArrayList<>();
        for (Session t : targets) {
            LocalDate date = r.date() != null ? SessionService.checkCalendarRange(r.date(), "date") : t.localDate;
            LocalTime time = r.startTime() != null ? r.startTime().truncatedTo(ChronoUnit.MINUTES)
                    : t.startsAt.atZone(t.zone()).toLocalTime();
            int duration = r.durationMinutes() != null ? r.durationMinutes() : t.durationMinutes();
            WeeklyPattern.Occurrence when = WeeklyPattern.at(date, time, duration, t.zone());
            if (!when.startsAt().isAfter(Instant.now())) {
                throw ProblemException.invalid("date", "the new time must be in the future");
            }
            Setting setting = merge(SessionService.setting(t), r);
            sessions.validate(t.clinicId, setting, t.isGroup());
            sessions.change(t, setting, when, scope == Scope.THIS && t.seriesId != null);
            t.statusReason = r.reasonCode();
            changed.add(view(t));
        }
        if (series != null) {
            Setting setting = merge(sessions.setting(series), r);
            series.modality = setting.modality();
            series.roomId = setting.roomId();
            series.joinUrl = setting.joinUrl();
            series.facilitatorIds = new ArrayList<>(setting.facilitatorIds());
            if (r.startTime() != null) {
                series.startTime = r.startTime().truncatedTo(ChronoUnit.MINUTES);
            }
            if (r.durationMinutes() != null) {
                series.durationMinutes = r.durationMinutes();
            }
        }
        return new ChangeResult(changed);
    }

    @POST
    @Path("sessions/{id}/cancel")
    @Transactional
    @RolesAllowed({Roles.SCHEDULER, Roles.CLINIC_ADMIN, Roles.EHR_INTEGRATION})
    @Operation(summary = "Cancel a session, or it and the rest of its series, with a coded reason",
            description = "Bookings are released. Scope following also ends the series the day before. Honours If-Match.")
    public ChangeResult cancel(@PathParam("id") UUID id, @NotNull @Valid CancelRequest r,
                               @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        Session s = clinicScope.require(Session.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, s.version, false);
        requireUpcoming(s);
        Scope scope = r.scope() == null ? Scope.THIS : r.scope();
        List<Session> targets = List.of(s);
        if (scope == Scope.FOLLOWING) {
            if (s.seriesId == null) {
                throw ProblemException.invalid("scope", "following applies to sessions of a series");
            }
            Series series = Series.findById(s.seriesId, LockModeType.PESSIMISTIC_WRITE);
            series.lastDate = s.localDate.minusDays(1);
            targets = Session.<Session>find("seriesId = ?1 and startsAt >= ?2 and status = ?3 order by startsAt",
                    s.seriesId, s.startsAt, SessionStatus.BOOKED).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        }
        List<SessionView> changed = new ArrayList<>();
        for (Session t : targets) {
            sessions.cancel(t, r.reasonCode());
            changed.add(view(t));
        }
        return new ChangeResult(changed);
    }

    private static void requireUpcoming(Session s) {
        if (s.status != SessionStatus.BOOKED) {
            throw ProblemException.conflict("The session is " + s.status.value() + " and can no longer change",
                    "conflictingSessionId", s.id);
        }
        if (!s.startsAt.isAfter(Instant.now())) {
            throw ProblemException.conflict("The session has started; record attendance instead",
                    "conflictingSessionId", s.id);
        }
    }

    private static Setting merge(Setting current, RescheduleRequest r) {
        var modality = r.modality() != null ? r.modality() : current.modality();
        return new Setting(modality, r.roomId() != null ? r.roomId() : current.roomId(),
                r.joinUrl() != null ? r.joinUrl() : current.joinUrl(),
                r.facilitatorIds() != null ? r.facilitatorIds() : current.facilitatorIds(), current.capacity());
    }

    private static ZoneId zone(Track track, String requested) {
        if (track != null) {
            if (requested != null && !requested.equals(track.timeZone)) {
                throw ProblemException.invalid("timeZone", "a track's sessions are in the track's time zone, "
                        + track.timeZone);
            }
            return track.zone();
        }
        if (requested == null) {
            throw ProblemException.invalid("timeZone", "is required for a session outside a track");
        }
        return TimeZones.parse(requested, "timeZone");
    }

    private static int capacity(SessionKind kind, Track track, Integer requested) {
        if (requested != null) {
            return requested;
        }
        if (!Session.isGroup(kind)) {
            return 1;
        }
        return track != null ? track.groupSizeLimit : DEFAULT_GROUP_CAPACITY;
    }

    private SessionView view(Session s) {
        return sessions.view(s);
    }

    private SeriesView view(Series series, List<Session> sessionList) {
        return new SeriesView(series.id, series.kind, series.trackId, series.daysOfWeek(), series.startTime,
                series.durationMinutes, series.timeZone, series.firstDate, series.lastDate, series.materializedUntil,
                series.modality, series.roomId, series.joinUrl, List.copyOf(series.facilitatorIds), series.capacity,
                sessionList.stream().map(this::view).toList(), series.version);
    }
}
