package care.iop.scheduling.track;

import care.iop.common.http.ETags;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.staff.StaffDirectory;
import care.iop.common.time.TimeZones;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.LevelOfCare;
import care.iop.scheduling.room.Room;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Program tracks: creates and changes them and announces what the features above need to know
 * ({@link TrackEvents}).
 */
@ApplicationScoped
public class TrackService {

    static final int DEFAULT_GROUP_SIZE_LIMIT = 12;

    /** A new track as asked for; optional values are null. */
    public record NewTrack(String code, String name, LevelOfCare levelOfCare, Track.Population population,
                           String timeZone, List<DayOfWeek> days, LocalTime startTime, int durationMinutes,
                           BigDecimal weeklyHoursTarget, Integer groupSizeLimit, Track.GroupType groupType,
                           LocalDate cohortStartDate, UUID roomId, List<UUID> facilitatorIds) {
    }

    /** What may change on a running track. */
    public record Change(String name, BigDecimal weeklyHoursTarget, int groupSizeLimit, Track.GroupType groupType,
                         LocalDate cohortStartDate, UUID roomId, List<UUID> facilitatorIds) {
    }

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    Event<TrackEvents.Created> created;

    @Inject
    StaffDirectory staff;

    @Inject
    Event<TrackEvents.GroupSizeLimitChanged> groupSizeLimitChanged;

    @Inject
    Event<TrackEvents.CohortStartChanged> cohortStartChanged;

    /**
     * Creates a track (once per Idempotency-Key; {@code answer} maps it to the stored response). Level 2.1 only;
     * admissions to its code that arrived before it are enrolled now.
     */
    @Transactional
    @RetryOnConflict
    public Response create(NewTrack request, String idempotencyKey, Object requestBody,
                           Function<Track, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> answer.apply(create(request)));
    }

    private Track create(NewTrack request) {
        UUID clinic = caller.requireClinicId();
        if (request.levelOfCare() != LevelOfCare.LEVEL_2_1) {
            throw ProblemException.unprocessable("Tracks of this program run at level 2.1 (IOP) only, not "
                    + request.levelOfCare().value());
        }
        TimeZones.parse(request.timeZone(), "timeZone");
        Track.<Track>find("clinicId = ?1 and code = ?2", clinic, request.code()).firstResultOptional()
                .ifPresent(existing -> {
                    throw ProblemException.conflict("A track with this code exists", "conflictingId", existing.id);
                });
        Track t = new Track();
        t.id = UUID.randomUUID();
        t.clinicId = clinic;
        t.code = request.code();
        t.name = request.name().strip();
        t.levelOfCare = request.levelOfCare();
        t.population = request.population();
        t.timeZone = request.timeZone();
        t.assignDays(request.days());
        t.startTime = request.startTime().withSecond(0).withNano(0);
        t.durationMinutes = request.durationMinutes();
        t.weeklyHoursTarget = request.weeklyHoursTarget() != null ? request.weeklyHoursTarget()
                : request.population().defaultWeeklyHours();
        t.groupSizeLimit = request.groupSizeLimit() != null ? request.groupSizeLimit() : DEFAULT_GROUP_SIZE_LIMIT;
        t.groupType = request.groupType() != null ? request.groupType() : Track.GroupType.OPEN;
        t.cohortStartDate = request.cohortStartDate();
        t.roomId = requireRoom(request.roomId());
        requireFacilitators(clinic, request.facilitatorIds());
        t.facilitatorIds = new ArrayList<>(request.facilitatorIds().stream().distinct().toList());
        t.createdAt = Instant.now();
        t.persistAndFlush();
        created.fire(new TrackEvents.Created(t));
        return t;
    }

    /**
     * Changes a track (If-Match on its version). A new group size limit applies to its future sessions; a new
     * cohort start date for a closed group books the enrollments waiting for it.
     */
    @Transactional
    @RetryOnConflict
    public Track update(UUID id, String ifMatch, Change request) {
        Track t = clinicScope.require(Track.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, t.version, false);
        t.name = request.name().strip();
        t.weeklyHoursTarget = request.weeklyHoursTarget();
        t.groupType = request.groupType();
        boolean newCohort = request.cohortStartDate() != null && !request.cohortStartDate().equals(t.cohortStartDate);
        t.cohortStartDate = request.cohortStartDate();
        t.roomId = requireRoom(request.roomId());
        // only the added ones (null skips, keeping the indexes): one who has left does not block other changes
        requireFacilitators(t.clinicId, request.facilitatorIds().stream()
                .map(f -> t.facilitatorIds.contains(f) ? null : f).toList());
        t.facilitatorIds = new ArrayList<>(request.facilitatorIds().stream().distinct().toList());
        if (t.groupSizeLimit != request.groupSizeLimit()) {
            t.groupSizeLimit = request.groupSizeLimit();
            groupSizeLimitChanged.fire(new TrackEvents.GroupSizeLimitChanged(t));
        }
        t.persistAndFlush();
        if (newCohort) {
            cohortStartChanged.fire(new TrackEvents.CohortStartChanged(t));
        }
        return t;
    }

    public List<Track> list() {
        return Track.<Track>list("clinicId = ?1 order by code", caller.requireClinicId());
    }

    public Track get(UUID id) {
        return clinicScope.require(Track.class, id);
    }

    /** A track's facilitators lead its sessions: active treating staff of the clinic (422 otherwise). */
    private void requireFacilitators(UUID clinicId, List<UUID> facilitatorIds) {
        staff.requireStaff(clinicId, "facilitatorIds", facilitatorIds,
                StaffDirectory.TREATING_ROLES.toArray(String[]::new));
    }

    private UUID requireRoom(UUID roomId) {
        return roomId == null ? null : clinicScope.require(Room.class, roomId).id;
    }
}
