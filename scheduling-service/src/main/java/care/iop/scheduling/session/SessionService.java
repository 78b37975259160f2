package care.iop.scheduling.session;

import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.events.scheduling.Modality;
import care.iop.events.scheduling.SessionCancelled;
import care.iop.events.scheduling.SessionKind;
import care.iop.events.scheduling.SessionScheduled;
import care.iop.scheduling.SchedulingConfig;
import care.iop.scheduling.booking.Booking;
import care.iop.scheduling.booking.BookingService;
import care.iop.scheduling.booking.BookingStatus;
import care.iop.scheduling.enrollment.EnrollmentService;
import care.iop.scheduling.room.Room;
import care.iop.scheduling.track.Track;
import jakarta.persistence.LockModeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, moving and cancelling sessions, one at a time or as a weekly series, without double-booking. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    @Inject
    EntityManager em;

    @Inject
    Conflicts conflicts;

    @Inject
    Outbox outbox;

    @Inject
    BookingService bookings;

    @Inject
    EnrollmentService enrollments;

    @Inject
    SchedulingConfig config;

    /** Where and with whom a session happens. */
    public record Setting(Modality modality, UUID roomId, String joinUrl, List<UUID> facilitatorIds, int capacity) {
    }

    /** Adds one session; 409 naming the other session when its room or a facilitator is taken. */
    public Session create(UUID clinicId, UUID trackId, UUID seriesId, SessionKind kind, Setting setting, ZoneId zone,
                          WeeklyPattern.Occurrence when) {
        return create(clinicId, trackId, seriesId, kind, setting, zone, when, false).orElseThrow();
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
        Optional<Conflicts.Clash> clash = conflicts.roomOrStaffConflict(s);
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
        if (s.trackId != null && s.isGroup()) {
            enrollments.bookEnrollmentsInto(s);
        }
        return Optional.of(s);
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
    public void applyGroupSizeLimit(Track track) {
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
        upcoming.forEach(bookings::promoteWaitlist);
    }

    private static int withinRoom(UUID roomId, int limit) {
        Room room = roomId == null ? null : Room.findById(roomId);
        return room == null ? limit : Math.min(limit, room.capacity);
    }

    /** Sessions are scheduled from a year back (documenting what happened) to two years ahead. */
    public static LocalDate checkCalendarRange(LocalDate date, String field) {
        LocalDate today = LocalDate.now();
        if (date.isBefore(today.minusYears(1)) || date.isAfter(today.plusYears(2))) {
            throw ProblemException.invalid(field, "must be within a year back and two years ahead");
        }
        return date;
    }

    public LocalDate horizon(ZoneId zone) {
        return LocalDate.now(zone).plusWeeks(config.materializeWeeks());
    }

    /**
     * Moves or re-equips a session: its bookings move with it, and every booked patient, the room and the
     * facilitators must be free at the new time.
     */
    public void change(Session s, Setting setting, WeeklyPattern.Occurrence when, boolean detach) {
        LocalDate previousDate = s.localDate;
        apply(s, setting);
        place(s, when);
        s.detached = s.detached || detach;
        List<Booking> live = bookings.liveBookings(s.id);
        List<UUID> locked = new ArrayList<>(resources(s));
        live.forEach(b -> locked.add(b.patientId));
        conflicts.lock(locked);
        conflicts.checkRoomAndStaff(s);
        bookings.moveWith(s, live, previousDate);
        em.flush();
        publishScheduled(s);
    }

    /** Cancels a session and releases its bookings. */
    public int cancel(Session s, String reasonCode) {
        if (s.status != SessionStatus.BOOKED) {
            throw ProblemException.illegalTransition("Session", s.status.value(), SessionStatus.CANCELLED.value());
        }
        s.status = SessionStatus.CANCELLED;
        s.statusReason = reasonCode;
        int released = bookings.releaseAll(s, "session-cancelled");
        outbox.publish(new SessionCancelled(s.id, s.kind, reasonCode, Instant.now(), released), s.id, s.clinicId);
        return released;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SessionApi.SessionView view(Session s) {
        return SessionApi.SessionView.of(s, bookings.occupied(s.id),
                Booking.count("sessionId = ?1 and status = ?2", s.id, BookingStatus.WAITLIST));
    }

    public Setting setting(Series series) {
        return new Setting(series.modality, series.roomId, series.joinUrl, series.facilitatorIds, series.capacity);
    }

    public static Setting setting(Session s) {
        return new Setting(s.modality, s.roomId, s.joinUrl, s.facilitatorIds, s.capacity);
    }

    /** Checks a setting against the clinic's rooms; telehealth needs a join link, in person a room. */
    public void validate(UUID clinicId, Setting setting, boolean group) {
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
