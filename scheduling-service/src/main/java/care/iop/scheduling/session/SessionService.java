package care.iop.scheduling.session;

import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.staff.StaffDirectory;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionCancelled;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionScheduled;
import care.iop.scheduling.FeatureOrder;
import care.iop.scheduling.SchedulingConfig;
import care.iop.scheduling.room.Room;
import care.iop.scheduling.session.SessionApi.CancelRequest;
import care.iop.scheduling.session.SessionApi.RescheduleRequest;
import care.iop.scheduling.session.SessionApi.Scope;
import care.iop.scheduling.session.SessionApi.SeriesRequest;
import care.iop.scheduling.session.SessionApi.SessionRequest;
import care.iop.scheduling.track.Track;
import care.iop.scheduling.track.TrackEvents;
import care.iop.scheduling.track.Weekday;
import care.iop.scheduling.track.WeeklyPattern;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Creating, moving and cancelling sessions, one at a time or as a weekly series, without double-booking rooms or
 * facilitators ({@link ConflictRules}). What happens to the bookings is booking's business: this service announces
 * the change ({@link SessionEvents}) and booking observes it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    static final int DEFAULT_GROUP_CAPACITY = 12;
    static final int MAX_LIST_DAYS = 62;

    @Inject
    EntityManager em;

    @Inject
    RoomAndStaffConflicts conflicts;

    @Inject
    Outbox outbox;

    @Inject
    Occupancy occupancy;

    @Inject
    SchedulingConfig config;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    Event<SessionEvents.Added> added;

    @Inject
    Event<SessionEvents.Moved> moved;

    @Inject
    Event<SessionEvents.Cancelled> cancelled;

    @Inject
    Event<SessionEvents.CapacityChanged> capacityChanged;

    @Inject
    StaffDirectory staff;

    /** Where and with whom a session happens. */
    public record Setting(Modality modality, UUID roomId, String joinUrl, List<UUID> facilitatorIds, int capacity) {
    }

    /**
     * Schedules one session (once per Idempotency-Key; {@code answer} maps it to the stored response). 409 naming
     * the other session when its room or a facilitator is taken.
     */
    @Transactional
    @RetryOnConflict
    public Response schedule(SessionRequest r, String idempotencyKey, Function<Session, Response> answer) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = caller.requireClinicId();
            Track track = r.trackId() == null ? null : clinicScope.require(Track.class, r.trackId());
            ZoneId zone = zone(track, r.timeZone());
            checkCalendarRange(r.date(), "date");
            Setting setting = new Setting(r.modality(), r.roomId(), r.joinUrl(), r.facilitatorIds(),
                    capacity(r.kind(), track, r.capacity()));
            validate(clinic, setting, Session.isGroup(r.kind()));
            requireFacilitators(clinic, r.facilitatorIds());
            Session s = create(clinic, track == null ? null : track.id, null, r.kind(), setting, zone,
                    WeeklyPattern.at(r.date(), r.startTime(), r.durationMinutes(), zone), false).orElseThrow();
            return answer.apply(s);
        });
    }

    /**
     * Schedules a weekly series and materialises it up to the horizon (once per Idempotency-Key; {@code answer} maps
     * the series and its sessions to the stored response). Any clash refuses the whole series.
     */
    @Transactional
    @RetryOnConflict
    public Response scheduleSeries(SeriesRequest r, String idempotencyKey,
                                   BiFunction<Series, List<Session>, Response> answer) {
        return idempotency.create(idempotencyKey, r, () -> {
            UUID clinic = caller.requireClinicId();
            if (r.lastDate() != null && r.lastDate().isBefore(r.firstDate())) {
                throw ProblemException.invalid("lastDate", "must not be before firstDate");
            }
            checkCalendarRange(r.firstDate(), "firstDate");
            Track track = r.trackId() == null ? null : clinicScope.require(Track.class, r.trackId());
            ZoneId zone = zone(track, r.timeZone());
            Setting setting = new Setting(r.modality(), r.roomId(), r.joinUrl(), r.facilitatorIds(),
                    capacity(r.kind(), track, r.capacity()));
            validate(clinic, setting, Session.isGroup(r.kind()));
            requireFacilitators(clinic, r.facilitatorIds());
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
            series.assignDays(Weekday.days(r.days()));
            series.startTime = r.startTime().truncatedTo(ChronoUnit.MINUTES);
            series.durationMinutes = r.durationMinutes();
            series.capacity = setting.capacity();
            series.firstDate = r.firstDate();
            series.lastDate = r.lastDate();
            series.materializedUntil = r.firstDate().minusDays(1);
            series.createdAt = Instant.now();
            series.persist();
            List<Session> created = materialize(series, horizon(zone), false);
            series.persistAndFlush();
            return answer.apply(series, created);
        });
    }

    /**
     * Moves or re-equips a session (scope this) or it and the rest of its series (scope following); If-Match on
     * this session. Everything must still fit, or nothing changes (409 naming the other session). Returns the
     * sessions changed.
     */
    @Transactional
    @RetryOnConflict
    public List<Session> reschedule(UUID id, String ifMatch, RescheduleRequest r) {
        Session s = clinicScope.require(Session.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, s.version, false);
        requireUpcoming(s);
        Scope scope = r.scope() == null ? Scope.THIS : r.scope();
        if (r.date() == null && r.startTime() == null && r.durationMinutes() == null && r.modality() == null
                && r.roomId() == null && r.joinUrl() == null && r.facilitatorIds() == null) {
            throw ProblemException.badRequest("Nothing to change: give a new date, time, duration, place or facilitators");
        }
        requireFacilitators(s.clinicId, r.facilitatorIds());
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
        for (Session t : targets) {
            LocalDate date = r.date() != null ? checkCalendarRange(r.date(), "date") : t.localDate;
            LocalTime time = r.startTime() != null ? r.startTime().truncatedTo(ChronoUnit.MINUTES)
                    : t.startsAt.atZone(t.zone()).toLocalTime();
            int duration = r.durationMinutes() != null ? r.durationMinutes() : t.durationMinutes();
            WeeklyPattern.Occurrence when = WeeklyPattern.at(date, time, duration, t.zone());
            if (!when.startsAt().isAfter(Instant.now())) {
                throw ProblemException.invalid("date", "the new time must be in the future");
            }
            Setting setting = merge(setting(t), r);
            validate(t.clinicId, setting, t.isGroup());
            change(t, setting, when, scope == Scope.THIS && t.seriesId != null);
            t.statusReason = r.reasonCode();
        }
        if (series != null) {
            Setting setting = merge(setting(series), r);
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
        return targets;
    }

    /**
     * Cancels a session, or it and the rest of its series (then the series ends the day before); If-Match on this
     * session. Bookings are released. Returns the sessions cancelled.
     */
    @Transactional
    @RetryOnConflict
    public List<Session> cancel(UUID id, String ifMatch, CancelRequest r) {
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
        for (Session t : targets) {
            cancel(t, r.reasonCode());
        }
        return targets;
    }

    /** The clinic's sessions between two local dates (default the next 7 days, at most 62), in start order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Session> list(LocalDate from, LocalDate to, UUID trackId, String kind, String status, Integer limit,
                              String cursor) {
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
        return Page.of(rows, size, s -> new Page.Position(s.startsAt, s.id), Function.identity());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Session get(UUID id) {
        return clinicScope.require(Session.class, id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Series series(UUID id) {
        return clinicScope.require(Series.class, id);
    }

    /** A series' sessions from now on, in start order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Session> upcoming(Series series) {
        return Session.list("seriesId = ?1 and endsAt > ?2 order by startsAt", series.id, Instant.now());
    }

    /**
     * Materialises a series' sessions up to {@code until} (or its last date, if earlier). On creation a clash
     * refuses the whole series (409); when the service extends a series later, a clashing date is skipped and
     * logged instead, because nobody is there to answer.
     */
    public List<Session> materialize(Series series, LocalDate until, boolean skipIfTaken) {
        LocalDate end = series.lastDate != null && series.lastDate.isBefore(until) ? series.lastDate : until;
        List<Session> created = new ArrayList<>();
        LocalDate from = series.materializedUntil.plusDays(1);
        for (WeeklyPattern.Occurrence o : series.pattern().occurrences(from, end)) {
            create(series.clinicId, series.trackId, series.id, series.kind, setting(series),
                    ZoneId.of(series.timeZone), o, skipIfTaken).ifPresent(created::add);
        }
        if (end.isAfter(series.materializedUntil)) {
            series.materializedUntil = end;
        }
        return created;
    }

    /**
     * A track's new group size limit applies to its group series and their sessions still to come (never above the
     * room's capacity); a higher limit fills the new places from the waitlists.
     */
    void onGroupSizeLimitChanged(@Observes @Priority(FeatureOrder.SESSION) TrackEvents.GroupSizeLimitChanged event) {
        Track track = event.track();
        for (Series series : Series.<Series>list("trackId = ?1 and kind in ?2", track.id, Session.GROUP_KINDS)) {
            series.capacity = withinRoom(series.roomId, track.groupSizeLimit);
        }
        List<Session> upcoming = Session.<Session>find("trackId = ?1 and kind in ?2 and status = ?3 and startsAt > ?4 "
                + "order by startsAt", track.id, Session.GROUP_KINDS, SessionStatus.BOOKED, Instant.now())
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Session s : upcoming) {
            s.capacity = withinRoom(s.roomId, track.groupSizeLimit);
        }
        em.flush();
        capacityChanged.fire(new SessionEvents.CapacityChanged(upcoming));
    }

    public LocalDate horizon(ZoneId zone) {
        return LocalDate.now(zone).plusWeeks(config.materializeWeeks());
    }

    /** A session with its booked and waitlisted counts. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SessionApi.SessionView view(Session s) {
        return SessionApi.SessionView.of(s, occupancy.occupied(s.id), occupancy.waitlisted(s.id));
    }

    private Optional<Session> create(UUID clinicId, UUID trackId, UUID seriesId, SessionKind kind, Setting setting,
                                     ZoneId zone, WeeklyPattern.Occurrence when, boolean skipIfTaken) {
        Session s = new Session();
        s.id = UUID.randomUUID();
        s.clinicId = clinicId;
        s.trackId = trackId;
        s.seriesId = seriesId;
        s.kind = kind;
        s.timeZone = zone.getId();
        s.status = SessionStatus.BOOKED;
        s.createdAt = Instant.now();
        apply(s, setting);
        place(s, when);
        conflicts.lock(resources(s));
        Optional<RoomAndStaffConflicts.Clash> clash = conflicts.roomOrStaffConflict(s);
        if (clash.isPresent()) {
            if (skipIfTaken) {
                LOG.warnf("Series %s: no session on %s, %s (session %s)", seriesId, when.localDate(),
                        clash.get().what(), clash.get().sessionId());
                return Optional.empty();
            }
            conflicts.checkRoomAndStaff(s);
        }
        s.persist();
        publishScheduled(s);
        added.fire(new SessionEvents.Added(s));
        return Optional.of(s);
    }

    /**
     * Moves or re-equips a session: the room and the facilitators must be free at the new time, and the bookings
     * move with it (booking observes {@link SessionEvents.Moved}).
     */
    private void change(Session s, Setting setting, WeeklyPattern.Occurrence when, boolean detach) {
        LocalDate previousDate = s.localDate;
        apply(s, setting);
        place(s, when);
        s.detached = s.detached || detach;
        conflicts.lock(resources(s));
        conflicts.checkRoomAndStaff(s);
        moved.fire(new SessionEvents.Moved(s, previousDate));
        em.flush();
        publishScheduled(s);
    }

    /** Cancels a session and releases its bookings (booking observes {@link SessionEvents.Cancelled}). */
    private void cancel(Session s, String reasonCode) {
        if (s.status != SessionStatus.BOOKED) {
            throw ProblemException.illegalTransition("Session", s.status.value(), SessionStatus.CANCELLED.value());
        }
        s.status = SessionStatus.CANCELLED;
        s.statusReason = reasonCode;
        SessionEvents.Cancelled event = new SessionEvents.Cancelled(s, "session-cancelled");
        cancelled.fire(event);
        outbox.publish(new SessionCancelled(s.id, s.kind, reasonCode, Instant.now(), event.released()), s.id,
                s.clinicId);
    }

    private static int withinRoom(UUID roomId, int limit) {
        Room room = roomId == null ? null : Room.findById(roomId);
        return room == null ? limit : Math.min(limit, room.capacity);
    }

    /** Sessions are scheduled from a year back (documenting what happened) to two years ahead. */
    private static LocalDate checkCalendarRange(LocalDate date, String field) {
        LocalDate today = LocalDate.now();
        if (date.isBefore(today.minusYears(1)) || date.isAfter(today.plusYears(2))) {
            throw ProblemException.invalid(field, "must be within a year back and two years ahead");
        }
        return date;
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

    private static Setting setting(Series series) {
        return new Setting(series.modality, series.roomId, series.joinUrl, series.facilitatorIds, series.capacity);
    }

    private static Setting setting(Session s) {
        return new Setting(s.modality, s.roomId, s.joinUrl, s.facilitatorIds, s.capacity);
    }

    /** Checks a setting against the clinic's rooms; telehealth needs a join link, in person a room. */
    /** Facilitators (an individual session's clinician too) are active treating staff of the clinic (422 otherwise). */
    private void requireFacilitators(UUID clinicId, List<UUID> facilitatorIds) {
        staff.requireStaff(clinicId, "facilitatorIds", facilitatorIds,
                StaffDirectory.TREATING_ROLES.toArray(String[]::new));
    }

    private void validate(UUID clinicId, Setting setting, boolean group) {
        if (setting.modality() == Modality.IN_PERSON) {
            if (setting.roomId() == null) {
                throw ProblemException.invalid("roomId", "is required for an in-person session");
            }
            Room room = Room.<Room>find("id = ?1 and clinicId = ?2", setting.roomId(), clinicId).firstResultOptional()
                    .orElseThrow(() -> ProblemException.notFound("Room", setting.roomId()));
            if (setting.capacity() > room.capacity) {
                throw ProblemException.invalid("capacity", "exceeds the room's capacity of " + room.capacity);
            }
        } else if (setting.joinUrl() == null || !setting.joinUrl().startsWith("https://")) {
            throw ProblemException.invalid("joinUrl", "an https join link is required for a telehealth session");
        }
        if (!group && setting.capacity() != 1) {
            throw ProblemException.invalid("capacity", "individual, family and medication visits have one patient");
        }
    }

    private static void apply(Session s, Setting setting) {
        s.modality = setting.modality();
        s.roomId = setting.modality() == Modality.IN_PERSON ? setting.roomId() : null;
        s.joinUrl = setting.modality() == Modality.TELEHEALTH ? setting.joinUrl() : null;
        s.facilitatorIds = new ArrayList<>(setting.facilitatorIds().stream().distinct().toList());
        s.capacity = setting.capacity();
    }

    private static void place(Session s, WeeklyPattern.Occurrence when) {
        s.localDate = when.localDate();
        s.startsAt = when.startsAt();
        s.endsAt = when.endsAt();
    }

    private static List<UUID> resources(Session s) {
        List<UUID> ids = new ArrayList<>(s.facilitatorIds);
        ids.add(s.roomId);
        return ids;
    }

    private void publishScheduled(Session s) {
        outbox.publish(new SessionScheduled(s.id, s.kind, s.modality, s.trackId, s.seriesId, s.startsAt, s.endsAt,
                s.timeZone, List.copyOf(s.facilitatorIds)), s.id, s.clinicId);
    }
}
