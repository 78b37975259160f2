package care.iop.scheduling.enrollment;

import care.iop.common.audit.AuditLog;
import care.iop.common.http.ETags;
import care.iop.common.http.Page;
import care.iop.common.http.WireEnums;
import care.iop.common.idempotency.Idempotency;
import care.iop.common.outbox.Outbox;
import care.iop.common.problem.ProblemException;
import care.iop.common.security.CallerContext;
import care.iop.common.security.ClinicScope;
import care.iop.common.transaction.RetryOnConflict;
import care.iop.events.EventType;
import care.iop.events.audit.AuditAction;
import care.iop.events.scheduling.EnrollmentEndReason;
import care.iop.events.scheduling.EnrollmentEnded;
import care.iop.events.scheduling.EnrollmentStarted;
import care.iop.scheduling.FeatureOrder;
import care.iop.scheduling.Slice;
import care.iop.scheduling.patient.KnownPatient;
import care.iop.scheduling.track.Track;
import care.iop.scheduling.track.TrackEvents;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Enrollment in a track: started by an admission (or by hand), ended by a discharge (or by hand). Bookings follow
 * through {@link EnrollmentEvents}, which booking and compliance observe.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EnrollmentService {

    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    @Inject
    CallerContext caller;

    @Inject
    ClinicScope clinicScope;

    @Inject
    Idempotency idempotency;

    @Inject
    Event<EnrollmentEvents.Activated> activated;

    @Inject
    Event<EnrollmentEvents.Ended> ended;

    /**
     * Enrolls a patient intake told the track's clinic about in a track by hand (once per Idempotency-Key;
     * {@code answer} maps the enrollment to the stored response). 409 awaiting intake's first event for a patient
     * this clinic has not heard of yet; 409 when the patient already has a running enrollment.
     */
    @Transactional
    @RetryOnConflict
    public Response enrollByHand(UUID trackId, UUID patientId, LocalDate startDate, String idempotencyKey,
                                 Object requestBody, Function<Enrollment, Response> answer) {
        return idempotency.create(idempotencyKey, requestBody, () -> {
            Track track = clinicScope.require(Track.class, trackId);
            KnownPatient.require(track.clinicId, patientId, EventType.REFERRAL_RECEIVED);
            return answer.apply(enroll(track.clinicId, patientId, track.code, null, startDate));
        });
    }

    /** The clinic's enrollments, by patient, track or status; every enrollment listed is audited as read. */
    @Transactional
    @RetryOnConflict
    public Page<Enrollment> list(UUID patientId, UUID trackId, String status, Integer limit, String cursor) {
        int size = Page.limit(limit);
        Page.Position after = Page.decode(cursor);
        StringBuilder q = new StringBuilder("clinicId = :clinic");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", caller.requireClinicId()));
        if (patientId != null) {
            q.append(" and patientId = :patient");
            p.put("patient", patientId);
        }
        if (trackId != null) {
            q.append(" and trackId = :track");
            p.put("track", trackId);
        }
        if (status != null) {
            q.append(" and status = :status");
            p.put("status", WireEnums.parse(Enrollment.Status.class, status, "status"));
        }
        if (after != null) {
            q.append(" and (createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
            p.put("afterAt", after.createdAt());
            p.put("afterId", after.id());
        }
        List<Enrollment> rows = Enrollment.<Enrollment>find(q + " order by createdAt, id", p).range(0, size).list();
        Page<Enrollment> page = Page.of(rows, size, e -> new Page.Position(e.createdAt, e.id), Function.identity());
        audit.recordAll(page.items().stream().map(e -> AuditLog.Entry.success(AuditAction.READ, "Enrollment", e.id,
                e.patientId, caller.requireClinicId())).toList());
        return page;
    }

    /** One enrollment of the caller's clinic, audited as read. */
    @Transactional
    @RetryOnConflict
    public Enrollment get(UUID id) {
        Enrollment e = clinicScope.require(Enrollment.class, id);
        audit.record(AuditLog.Entry.success(AuditAction.READ, "Enrollment", e.id, e.patientId, e.clinicId));
        return e;
    }

    /**
     * Enrollments of the caller's clinic with their tracks' names, oldest first, for the FHIR face (EpisodeOfCare):
     * one patient's ({@code patientId}), one enrollment ({@code enrollmentId}), or both; those {@code matching}
     * accepts; the page from {@code offset}, at most {@code count}, with the number that matched. Another clinic's
     * enrollments match nothing. Every enrollment served is audited as read, as {@link #get} and {@link #list} do.
     */
    @Transactional
    @RetryOnConflict
    public Slice<EnrollmentSummary> summaries(UUID patientId, UUID enrollmentId, Predicate<EnrollmentSummary> matching,
                                              int offset, int count) {
        if (patientId == null && enrollmentId == null) {
            throw new IllegalArgumentException("Enrollments are found by patient or by id");
        }
        UUID clinic = caller.requireClinicId();
        StringBuilder q = new StringBuilder("clinicId = :clinic");
        Map<String, Object> p = new HashMap<>(Map.of("clinic", clinic));
        if (patientId != null) {
            q.append(" and patientId = :patient");
            p.put("patient", patientId);
        }
        if (enrollmentId != null) {
            q.append(" and id = :id");
            p.put("id", enrollmentId);
        }
        List<Enrollment> rows = Enrollment.list(q + " order by createdAt, id", p);
        List<UUID> trackIds = rows.stream().map(e -> e.trackId).filter(Objects::nonNull).distinct().toList();
        Map<UUID, String> trackNames = trackIds.isEmpty() ? Map.of() : Track.<Track>list("id in ?1", trackIds).stream()
                .collect(Collectors.toMap(t -> t.id, t -> t.name));
        List<EnrollmentSummary> matches = rows.stream().map(e -> new EnrollmentSummary(e.id, e.patientId, e.trackId,
                        e.trackCode, e.trackId == null ? null : trackNames.get(e.trackId), e.startDate, e.endDate,
                        e.status, e.endReason, e.version))
                .filter(matching).toList();
        Slice<EnrollmentSummary> page = Slice.of(matches, offset, count);
        audit.recordAll(page.items().stream().map(e -> AuditLog.Entry.success(AuditAction.READ, "Enrollment", e.id(),
                e.patientId(), clinic)).toList());
        return page;
    }

    /** Ends an enrollment by hand (If-Match on its version); its bookings of sessions not started are released. */
    @Transactional
    @RetryOnConflict
    public Enrollment endByHand(UUID id, String ifMatch, LocalDate endDate, EnrollmentEndReason reason) {
        Enrollment e = clinicScope.require(Enrollment.class, id, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, e.version, false);
        if (endDate.isBefore(e.startDate)) {
            throw ProblemException.invalid("endDate", "must not be before the enrollment's start date");
        }
        end(e, endDate, reason);
        e.persistAndFlush();
        return e;
    }

    /**
     * Enrolls a patient in a track by its code. Without such a track yet the enrollment waits for it
     * (pending-track); a closed group that has already started waits for its next cohort.
     */
    public Enrollment enroll(UUID clinicId, UUID patientId, String trackCode, UUID admissionId, LocalDate startDate) {
        if (admissionId != null) {
            Optional<Enrollment> already = Enrollment.find("admissionId", admissionId).firstResultOptional();
            if (already.isPresent()) {
                return already.get();
            }
        }
        Optional<Enrollment> running = Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3",
                clinicId, patientId, Enrollment.Status.ENDED).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
        if (running.isPresent()) {
            if (admissionId == null) {
                throw ProblemException.conflict("The patient is already enrolled", "conflictingId", running.get().id);
            }
            // A new admission while the last one still runs: its discharge has not reached us yet (it travels on
            // another topic), so the new admission wins and the old enrollment ends here.
            end(running.get(), startDate.isBefore(running.get().startDate) ? running.get().startDate : startDate,
                    EnrollmentEndReason.OTHER);
        }
        Enrollment e = new Enrollment();
        e.id = UUID.randomUUID();
        e.clinicId = clinicId;
        e.patientId = patientId;
        e.trackCode = trackCode;
        e.admissionId = admissionId;
        e.startDate = startDate;
        e.status = Enrollment.Status.PENDING_TRACK;
        e.createdAt = Instant.now();
        e.persist();
        Track.<Track>find("clinicId = ?1 and code = ?2", clinicId, trackCode).firstResultOptional()
                .ifPresent(track -> start(e, track));
        em.flush();
        audit.record(AuditLog.Entry.success(AuditAction.CREATE, "Enrollment", e.id, patientId, clinicId));
        return e;
    }

    /** A track was created: enrollments that were waiting for its code start now. */
    void onTrackCreated(@Observes @Priority(FeatureOrder.ENROLLMENT) TrackEvents.Created event) {
        Track track = event.track();
        Enrollment.<Enrollment>list("clinicId = ?1 and trackCode = ?2 and status = ?3", track.clinicId, track.code,
                Enrollment.Status.PENDING_TRACK).forEach(e -> start(e, track));
    }

    /** A closed group has a new cohort start: the enrollments waiting for it are booked from that date. */
    void onCohortStartChanged(@Observes @Priority(FeatureOrder.ENROLLMENT) TrackEvents.CohortStartChanged event) {
        Track track = event.track();
        for (Enrollment e : Enrollment.<Enrollment>list("trackId = ?1 and status = ?2", track.id,
                Enrollment.Status.WAITING_FOR_COHORT)) {
            if (!track.cohortStartDate.isBefore(e.startDate)) {
                e.status = Enrollment.Status.ACTIVE;
                activate(e, track.cohortStartDate);
            }
        }
    }

    /** Ends an enrollment; booking releases its bookings of sessions that have not started. */
    public int end(Enrollment e, LocalDate endDate, EnrollmentEndReason reason) {
        if (e.status == Enrollment.Status.ENDED) {
            throw ProblemException.illegalTransition("Enrollment", e.status.value(), Enrollment.Status.ENDED.value());
        }
        e.status = Enrollment.Status.ENDED;
        e.endDate = endDate;
        e.endReason = reason;
        EnrollmentEvents.Ended event = new EnrollmentEvents.Ended(e, endDate);
        ended.fire(event);
        outbox.publish(new EnrollmentEnded(e.id, endDate, reason, event.released()), e.patientId, e.clinicId);
        audit.record(AuditLog.Entry.success(AuditAction.UPDATE, "Enrollment", e.id, e.patientId, e.clinicId));
        return event.released();
    }

    /**
     * The patient was discharged (aftercare): the enrollment running on the discharge date ends. An enrollment that
     * started after that date belongs to a later admission and stays.
     */
    public void onDischarge(UUID clinicId, UUID patientId, LocalDate dischargeDate) {
        Enrollment.<Enrollment>find("clinicId = ?1 and patientId = ?2 and status <> ?3 and startDate <= ?4",
                        clinicId, patientId, Enrollment.Status.ENDED, dischargeDate)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .ifPresentOrElse(e -> end(e, dischargeDate, EnrollmentEndReason.DISCHARGED),
                        () -> LOG.infof("Discharge of patient %s: no enrollment of clinic %s was running on its date",
                                patientId, clinicId));
    }

    private void start(Enrollment e, Track track) {
        e.trackId = track.id;
        boolean cohortRunning = track.groupType == Track.GroupType.CLOSED && track.cohortStartDate != null
                && track.cohortStartDate.isBefore(e.startDate);
        e.status = cohortRunning ? Enrollment.Status.WAITING_FOR_COHORT : Enrollment.Status.ACTIVE;
        em.flush();
        outbox.publish(new EnrollmentStarted(e.id, track.id, track.code, e.admissionId, e.startDate), e.patientId,
                e.clinicId);
        if (!cohortRunning) {
            LocalDate from = track.groupType == Track.GroupType.CLOSED && track.cohortStartDate != null
                    && track.cohortStartDate.isAfter(e.startDate) ? track.cohortStartDate : e.startDate;
            activate(e, from);
        }
    }

    /** Booking books the active enrollment into its track's sessions from {@code from}; what it booked is kept. */
    private void activate(Enrollment e, LocalDate from) {
        EnrollmentEvents.Activated event = new EnrollmentEvents.Activated(e, from);
        activated.fire(event);
        if (event.booked() != null) {
            e.firstBooking(event.booked());
        }
    }
}
